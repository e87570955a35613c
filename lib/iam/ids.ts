import { randomBytes } from "node:crypto";

/** A source of randomness: the real one, or a seeded one for reproducible demo data. */
export type RandomSource = (bytes: number) => Uint8Array;

export const cryptoRandom: RandomSource = (n) => randomBytes(n);

/** A deterministic source (mulberry32) so the seeded workspace has the same ids every time. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return (n) => Uint8Array.from({ length: n }, next);
}

const uniqueIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function chars(random: RandomSource, length: number, alphabet: string): string {
  return Array.from(random(length), (b) => alphabet[b % alphabet.length]).join("");
}

// IAM unique ids: a four-letter prefix naming the kind, then 17 upper-case characters.
export type UniqueIdPrefix = "AIDA" | "AGPA" | "AROA" | "ANPA" | "AIPA";

export function iamUniqueId(prefix: UniqueIdPrefix, random: RandomSource = cryptoRandom): string {
  return prefix + chars(random, 17, uniqueIdAlphabet);
}

/** EC2 ids: a prefix and 17 lower-case hex digits (i-0123456789abcdef0). */
export function ec2Id(prefix: "i" | "iip-assoc" | "ami", random: RandomSource = cryptoRandom): string {
  return `${prefix}-${chars(random, 17, "0123456789abcdef")}`;
}

export function ecsTaskId(random: RandomSource = cryptoRandom): string {
  return chars(random, 32, "0123456789abcdef");
}
