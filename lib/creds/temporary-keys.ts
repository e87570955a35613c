/**
 * Temporary security credentials in AWS's shapes: an `ASIA` access key id (20 upper-case
 * characters), a 40-character secret access key and an opaque session token.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 */
import { cryptoRandom, type RandomSource } from "../iam/ids";

export type TemporaryKeys = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

const upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function pick(random: RandomSource, length: number, alphabet: string): string {
  // Both alphabets have a power-of-two size, so taking bytes modulo their length is unbiased.
  return Array.from(random(length), (b) => alphabet[b % alphabet.length]).join("");
}

/** A fresh set of temporary keys. The token carries no whitespace: SDKs send it back verbatim as a header. */
export function generateTemporaryKeys(random: RandomSource = cryptoRandom): TemporaryKeys {
  return {
    accessKeyId: `ASIA${pick(random, 16, upper)}`,
    secretAccessKey: pick(random, 40, secretAlphabet),
    // Real tokens are a few hundred base64 characters starting with IQoJb3JpZ2luX2Vj ("\t\torigin_ec").
    sessionToken: `IQoJb3JpZ2luX2VjE${Buffer.from(random(240)).toString("base64")}`,
  };
}

export const accessKeyIdPattern = /^ASIA[A-Z2-7]{16}$/;
