import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/prisma";
import { readEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { createClass, createClassSchema, planClass, type ClassProgress, type ClassRow } from "@/lib/workspaces/classroom";
import { withUser } from "@/app/server/route-guard";
import { readJsonBody } from "@/app/server/read-json-body";

export const dynamic = "force-dynamic";

/**
 * POST {className, lab, trainees} → a class made, as it happens: one JSON line per step (the
 * plan, each workspace's state), then `{"type":"done","ok":…}`. A route rather than a server
 * action so that the trainer sees each workspace made (about a second each). What is wrong before
 * anything is made (a taken name, someone who is not a trainee) is a 400 with every row's problem.
 */
export const POST = withUser("classroom", async (request, { user }) => {
  const body = await readJsonBody(request, 64 * 1024);
  if (!body.ok) return NextResponse.json({ code: "InvalidInput", message: `${body.message}: send JSON {className, lab, trainees}` }, { status: 400 });
  const parsed = createClassSchema.safeParse(body.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return NextResponse.json({ code: "InvalidInput", message: `${issue.path.join(".") || "body"}: ${issue.message}` }, { status: 400 });
  }
  const db = await getDb();
  // Refusals come before the stream starts, as a status the client can read.
  await planClass(db, parsed.data);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      // The class is made to the end even when the browser goes away: a half-made class is worse.
      const send = (event: ClassProgress | { type: "done"; ok: boolean; message?: string; rows: ClassRow[] }) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          // The reader has gone; keep going.
        }
      };
      try {
        const result = await createClass(db, readEnv().databasePath, { ...parsed.data, actor: user.email, onProgress: send });
        if (!result.ok) {
          if (!isAppError(result.cause)) console.error("class creation failed", result.cause);
          send({ type: "done", ok: false, message: result.message, rows: result.rows });
        } else send({ type: "done", ok: true, rows: result.rows });
      } catch (error) {
        console.error("class creation failed", error);
        send({ type: "done", ok: false, message: "Something went wrong on our side. Reload the page to see which workspaces exist.", rows: [] });
      } finally {
        try {
          controller.close();
        } catch {
          // Already closed by the reader going away.
        }
      }
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
});
