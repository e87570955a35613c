import { describe, expect, it } from "vitest";
import { simulateLimits, simulatePrincipalSchema } from "../../../lib/simulation/simulate-principal";
import { readJsonBody } from "../../../app/server/read-json-body";

// The console's simulate route evaluates what a signed-in person sends: it must bound the work
// before doing any, and say which bound was passed.
const base = { principalArn: "arn:aws:iam::111111111111:role/Get-pics", action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
const manyKeys = Object.fromEntries(Array.from({ length: simulateLimits.contextKeys + 1 }, (_, i) => [`aws:key${i}`, "v"]));

function refusal(input: unknown): string {
  const parsed = simulatePrincipalSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.error!.issues[0].message;
}

describe("simulate request bounds", () => {
  it("accepts a request at every bound", () => {
    const context = Object.fromEntries(Array.from({ length: simulateLimits.contextKeys }, (_, i) => [`aws:key${i}`, Array(simulateLimits.valuesPerKey).fill("v".repeat(simulateLimits.valueLength))]));
    expect(simulatePrincipalSchema.safeParse({ ...base, context }).success).toBe(true);
  });

  it.each([
    ["too many context keys", { ...base, context: manyKeys }, new RegExp(`at most ${simulateLimits.contextKeys} context keys`)],
    ["too many values for one key", { ...base, context: { "aws:SourceIp": Array(simulateLimits.valuesPerKey + 1).fill("1.2.3.4") } }, new RegExp(`at most ${simulateLimits.valuesPerKey} values`)],
    ["a value too long", { ...base, context: { "aws:userid": "x".repeat(simulateLimits.valueLength + 1) } }, new RegExp(`at most ${simulateLimits.valueLength} characters`)],
    ["a key too long", { ...base, context: { [`aws:${"k".repeat(simulateLimits.contextKeyLength)}`]: "v" } }, new RegExp(`at most ${simulateLimits.contextKeyLength} characters`)],
    ["a resource too long", { ...base, resource: `arn:aws:s3:::${"b".repeat(simulateLimits.arnLength)}` }, new RegExp(`at most ${simulateLimits.arnLength} characters`)],
    ["a principal too long", { ...base, principalArn: `arn:aws:iam::111111111111:role/${"r".repeat(simulateLimits.arnLength)}` }, new RegExp(`at most ${simulateLimits.arnLength} characters`)],
    ["an action too long", { ...base, action: `s3:${"A".repeat(simulateLimits.actionLength)}` }, new RegExp(`at most ${simulateLimits.actionLength} characters`)],
  ])("refuses %s, naming the bound", (_what, input, message) => {
    expect(refusal(input)).toMatch(message);
  });

  it("reads a body up to the limit and refuses a bigger one, or one that is not JSON, without reading it all", async () => {
    const post = (body: string) => new Request("http://localhost/api/simulate", { method: "POST", body });
    await expect(readJsonBody(post(JSON.stringify(base)), simulateLimits.bodyBytes)).resolves.toEqual({ ok: true, value: base });
    const big = await readJsonBody(post(`{"x":"${"a".repeat(simulateLimits.bodyBytes)}"}`), simulateLimits.bodyBytes);
    expect(big).toEqual({ ok: false, message: `The request body is over ${simulateLimits.bodyBytes / 1024} KB` });
    expect(await readJsonBody(post("{"), simulateLimits.bodyBytes)).toMatchObject({ ok: false, message: expect.stringMatching(/not JSON/) });
  });
});
