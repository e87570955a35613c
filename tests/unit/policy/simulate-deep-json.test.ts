import { describe, expect, it } from "vitest";
import { simulateLine } from "../../../lib/cli/commands/simulate";
import { MAX_JSON_DEPTH } from "../../../lib/policy/parse-json";

// The simulate contract: a case that cannot be evaluated is an error line naming what is wrong
// and where; the other lines go on. Hostile nesting must not take the process down.
const request = '"request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"*"}';
const nested = (n: number) => "[".repeat(n) + "]".repeat(n);

describe("roleplay simulate on deeply nested lines", () => {
  it("a policy given as JSON text that nests too deep is MalformedPolicyDocument with its position", () => {
    const text = JSON.stringify(`{"Statement":${nested(100_000)}}`);
    const out = JSON.parse(simulateLine(`{"id":"deep-text",${request},"identityPolicies":[{"name":"p","document":${text}}]}`, 3));
    expect(out.id).toBe("deep-text");
    expect(out.error.code).toBe("MalformedPolicyDocument");
    expect(out.error.message).toMatch(new RegExp(`line 3: .*nests deeper than ${MAX_JSON_DEPTH} levels at line 1, column ${MAX_JSON_DEPTH + 13}`));
  });

  it("a line that is not JSON and nests too deep says so, with the column", () => {
    const out = JSON.parse(simulateLine(`{"id":1,${request},"extra":${"[".repeat(100_000)}`, 1));
    expect(out.error.code).toBe("MalformedJson");
    expect(out.error.message).toMatch(new RegExp(`nests deeper than ${MAX_JSON_DEPTH} levels at column \\d+`));
  });

  it("deep nesting inside a policy object is a grammar error, and an unused deep member is ignored", () => {
    const condition = JSON.parse(simulateLine(`{"id":2,${request},"identityPolicies":[{"name":"p","document":{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:x":${nested(100_000)}}}}}}]}`, 1));
    expect(condition.error.code).toBe("MalformedPolicyDocument");
    expect(JSON.parse(simulateLine(`{"id":3,${request},"extra":${nested(100_000)}}`, 1))).toEqual({ id: 3, decision: "ImplicitDeny", decisive: [] });
  });
});
