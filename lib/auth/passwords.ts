import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { BoundedWork } from "./bounded-work";

// scrypt from node:crypto (memory-hard; OWASP's minimum is N=2^17, r=8, p=1). The stored form
// carries its parameters so they can be raised later without breaking old hashes.
const params = { N: 2 ** 17, r: 8, p: 1, keyLength: 64 };
const maxmem = 256 * 1024 * 1024;

/**
 * Every scrypt of this process goes through here: one at a time (each takes 128 MiB and a libuv
 * thread for a few hundred milliseconds; the console runs one process per core), four waiting
 * (a wait of a few seconds at most), the rest refused at once with `WorkQueueFull`. Page loads
 * keep the other libuv threads and the memory.
 */
export const passwordWork = new BoundedWork({
  concurrency: 1,
  queue: 4,
  busyMessage: "Too many sign-in attempts are being checked right now; try again in a few seconds.",
});

function derive(password: string, salt: Buffer, options: ScryptOptions & { keyLength: number }): Promise<Buffer> {
  return passwordWork.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize("NFKC"), salt, options.keyLength, { N: options.N, r: options.r, p: options.p, maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

export const minimumPasswordLength = 12;

/** Whether a password has something besides white space (twelve spaces are not a password). */
export function hasNonSpace(password: string): boolean {
  return /\S/u.test(password);
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p), keyLength: expected.length });
  return timingSafeEqual(key, expected);
}

/**
 * A hash no password matches, with the current parameters: checking an unknown email against it
 * costs one scrypt, as a known email does, so timing does not tell which emails exist.
 */
export const unmatchableHash = ["scrypt", params.N, params.r, params.p, randomBytes(16).toString("base64"), randomBytes(params.keyLength).toString("base64")].join("$");

/** A strong random password for the first administrator, easy to copy. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
