/**
 * IMDSv2 session tokens. Stateless: a token is the instance id and expiry, authenticated with a
 * per-process key, so tokens are instance-specific, reusable until their TTL runs out, unlimited
 * in number, and all invalid after a restart (as after an instance reboot). TTLs count real
 * seconds, the clock SDK clients count them by, not the workspace clock.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const maxTokenTtlSeconds = 21600;

/** Parses the X-aws-ec2-metadata-token-ttl-seconds header: whole seconds 1..21600, else null (→ 400). */
export function parseTokenTtl(header: string | string[] | undefined): number | null {
  if (typeof header !== "string" || !/^\d{1,5}$/.test(header.trim())) return null;
  const ttl = Number(header.trim());
  return ttl >= 1 && ttl <= maxTokenTtlSeconds ? ttl : null;
}

export class TokenIssuer {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  private mac(payload: string): Buffer {
    return createHmac("sha256", this.key).update(payload).digest();
  }

  /** A token for `instanceId` valid for `ttlSeconds` from `realNowMs`: base64, no whitespace. */
  issue(instanceId: string, ttlSeconds: number, realNowMs: number): string {
    const payload = `${instanceId}|${realNowMs + ttlSeconds * 1000}`;
    return Buffer.concat([Buffer.from([1]), this.mac(payload), Buffer.from(payload)]).toString("base64");
  }

  /** Seconds the token has left for `instanceId`, or null when it is malformed, forged, expired or another instance's. */
  remainingSeconds(token: string, instanceId: string, realNowMs: number): number | null {
    if (token.length === 0 || token.length > 512 || !/^[A-Za-z0-9+/]+=*$/.test(token)) return null;
    const raw = Buffer.from(token, "base64");
    if (raw.length < 34 || raw[0] !== 1) return null;
    const mac = raw.subarray(1, 33);
    const payload = raw.subarray(33).toString();
    const expected = this.mac(payload);
    if (!timingSafeEqual(mac, expected)) return null;
    const [id, expires] = payload.split("|");
    if (id !== instanceId) return null;
    const left = Number(expires) - realNowMs;
    return left > 0 ? Math.ceil(left / 1000) : null;
  }
}
