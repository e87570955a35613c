/** A request body read as JSON, or why not. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Reads a route's JSON body, stopping as soon as it passes `maxBytes`: a route that bounds its
 * input must not first hold an unbounded body in memory.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
  const tooBig = { ok: false as const, message: `The request body is over ${maxBytes / 1024} KB` };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return tooBig;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return tooBig;
      }
      chunks.push(value);
    }
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: "The request body is not JSON" };
  }
}
