/**
 * The Query protocol's parameters (IAM, STS, EC2): `Action`, `Version` and members flattened into
 * dotted names — lists as `Name.member.N` (IAM) or `Name.N` (EC2), structures as `Name.Field`.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html
 */
export class QueryParams {
  constructor(readonly all: URLSearchParams) {}

  get(name: string): string | undefined {
    return this.all.get(name) ?? undefined;
  }

  /** The values of `prefix.1`, `prefix.2`, … in order (IAM passes `Name.member` as the prefix). */
  list(prefix: string): string[] {
    return this.indexes(prefix)
      .map((n) => this.all.get(`${prefix}.${n}`))
      .filter((v): v is string => v !== null);
  }

  /** The structures `prefix.N.*`, each as its own parameters (`Filter.1.Name` → Name). */
  structs(prefix: string): QueryParams[] {
    return this.indexes(prefix).map((n) => this.sub(`${prefix}.${n}`));
  }

  /** The parameters under `prefix.` with that prefix removed. */
  sub(prefix: string): QueryParams {
    const out = new URLSearchParams();
    for (const [k, v] of this.all) if (k.startsWith(`${prefix}.`)) out.append(k.slice(prefix.length + 1), v);
    return new QueryParams(out);
  }

  has(prefix: string): boolean {
    for (const k of this.all.keys()) if (k === prefix || k.startsWith(`${prefix}.`)) return true;
    return false;
  }

  private indexes(prefix: string): number[] {
    const seen = new Set<number>();
    for (const k of this.all.keys()) {
      if (!k.startsWith(`${prefix}.`)) continue;
      const n = /^(\d+)(?:\.|$)/.exec(k.slice(prefix.length + 1));
      if (n) seen.add(Number(n[1]));
    }
    return [...seen].sort((a, b) => a - b);
  }
}

/** Query parameters from the URL and, for a form POST, the body. */
export function readQueryParams(url: string, method: string, contentType: string, body: Buffer): QueryParams {
  const queryStart = url.indexOf("?");
  const params = new URLSearchParams(queryStart < 0 ? "" : url.slice(queryStart + 1));
  if (method === "POST" && (contentType === "" || contentType.startsWith("application/x-www-form-urlencoded"))) {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params.append(k, v);
  }
  return new QueryParams(params);
}
