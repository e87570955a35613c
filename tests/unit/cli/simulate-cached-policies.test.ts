// `roleplay simulate` compiles each policy field's JSON text once and reuses it on later lines;
// these cases prove a reused text decides exactly as a fresh read would, and that only a line
// that is valid JSON as a whole is answered from the cache.
import { describe, expect, it } from "vitest";
import { simulateLine } from "../../../lib/cli/commands/simulate";

const V = "2012-10-17";
const principal = "arn:aws:iam::111111111111:user/ana";
const request = (action: string) => ({ principal, action, resource: "arn:aws:s3:::photos/cat.jpg", resourceAccount: "111111111111" });
const readPhotos = [{ name: "ReadPhotos", document: { Version: V, Statement: [{ Sid: 'Read "photos" ]}', Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } }];
const policiesText = JSON.stringify(readPhotos);
const get = JSON.stringify(request("s3:GetObject"));
const put = JSON.stringify(request("s3:PutObject"));

function answer(line: string, lineNumber = 1) {
  return JSON.parse(simulateLine(line, lineNumber)) as { id: unknown; decision?: string; decisive?: { policy: string; kind: string; sid?: string }[]; error?: { code: string; message: string } };
}

describe("simulate with policies repeated across lines", () => {
  it("decides each request against the same policy text", () => {
    const lines = [get, put, get].map((r, i) => `{"id":${i},"request":${r},"identityPolicies":${policiesText}}`);
    expect(lines.map((l, i) => answer(l, i + 1).decision)).toEqual(["Allow", "ImplicitDeny", "Allow"]);
    expect(answer(lines[0]).decisive).toEqual([{ policy: "ReadPhotos", kind: "identity", statement: 0, sid: 'Read "photos" ]}' }]);
  });

  it("still answers MalformedJson when a line around a known policy text is broken", () => {
    const valid = `{"id":"a","request":${get},"identityPolicies":${policiesText}}`;
    expect(answer(valid).decision).toBe("Allow");
    const broken = [
      `${valid}x`,
      `{"id":"a","request":${get} "identityPolicies":${policiesText}}`,
      `{"id":"a","request":${get},"identityPolicies":${policiesText}`,
      `{"id":"a","request":${get},"identityPolicies":${policiesText},}`,
      `{"id":"a","request":${get},"identityPolicies":${policiesText},"x":[1,}`,
      `{"id":"a","request":${get},"identityPolicies":${policiesText.slice(0, -1)}}`,
      `{"id":"a","request":${get},"identityPolicies":[1,},"identityPolicies":${policiesText}}`,
      `{"id":"a","request":{},"identityPolicies":[1,}}`,
    ];
    for (const line of broken) {
      let reason = "";
      try {
        JSON.parse(line);
      } catch (error) {
        reason = (error as Error).message;
      }
      expect(reason, line).not.toBe("");
      expect(answer(line).error?.code, line).toBe("MalformedJson");
    }
  });

  it("reads keys as JSON does: the last of a repeated field wins, escaped names count, spacing is free", () => {
    expect(answer(`{"id":1,"request":${get},"identityPolicies":${policiesText},"identityPolicies":[]}`).decision).toBe("ImplicitDeny");
    expect(answer(`{"id":2,"request":${get},"identityPolicies":[],"identityPolicies":${policiesText}}`).decision).toBe("Allow");
    expect(answer(`{"id":3,"request":${get},"\\u0069dentityPolicies":${policiesText}}`).decision).toBe("Allow");
    expect(answer(`{"id":4,"request":${get},"identityPolicies":[],"\\u0069dentityPolicies":${policiesText}}`).decision).toBe("Allow");
    expect(answer(` { "id" : 5 ,\t"request" : ${get} , "identityPolicies" :\t${policiesText} } `).decision).toBe("Allow");
    expect(answer(`{"identityPolicies":${policiesText},"request":${get},"id":6,"permissionsBoundary":null}`)).toMatchObject({ id: 6, decision: "Allow" });
  });

  it("reads a line ending with known policy fields as a whole: fields before them count, broken text before them is MalformedJson", () => {
    const tail = `"identityPolicies":${policiesText}}`;
    expect(answer(`{"id":"t1","request":${get},${tail}`).decision).toBe("Allow");
    expect(answer(`{"id":"t2","request":${put},${tail}`).decision).toBe("ImplicitDeny");
    const denyAll = JSON.stringify([{ Version: V, Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }] }]);
    expect(answer(`{"id":"t3","sessionPolicies":${denyAll},"request":${get},${tail}`).decision).toBe("ImplicitDeny");
    expect(answer(`{"id":"t3","\\u0073essionPolicies":${denyAll},"request":${get},${tail}`).decision).toBe("ImplicitDeny");
    expect(answer(`{"id":"t4","request":${get},"identityPolicies":[],${tail}`).decision).toBe("Allow");
    for (const line of [`{"id":"t5","request":${get},"x":[1,,${tail}`, `{"id":"t6","request":${get.slice(0, -1)},${tail}`, `["t7",${tail}`, `{"id":"t8","request":${get}${tail}`]) {
      expect(answer(line).error?.code, line).toBe("MalformedJson");
    }
  });

  it("compiles a text for the field it appears in", () => {
    const both = `{"id":"s","request":${get},"identityPolicies":${policiesText},"sessionPolicies":${policiesText}}`;
    expect(answer(both).decisive?.map((d) => d.kind)).toEqual(["identity", "session"]);
    const onlySession = `{"id":"t","request":${get},"sessionPolicies":${policiesText}}`;
    expect(answer(onlySession).decision).toBe("ImplicitDeny");
  });

  it("reports the request's errors and the policies' errors with their line numbers", () => {
    const badRequest = `{"id":"r","request":${JSON.stringify({ ...request("s3:GetObject"), principal: "" })},"identityPolicies":${policiesText}}`;
    expect(answer(badRequest, 7).error).toEqual({ code: "InvalidInput", message: "line 7: request.principal must be a non-empty string" });
    const typo = JSON.stringify([{ name: "ReadPhotos", document: { Version: V, Statement: [{ Effect: "Alow", Action: "s3:*", Resource: "*" }] } }]);
    for (const n of [8, 9]) {
      expect(answer(`{"id":"g","request":${get},"identityPolicies":${typo}}`, n).error).toEqual({
        code: "MalformedPolicyDocument",
        message: `line ${n}: Effect must be "Allow" or "Deny", not "Alow" (policy 'ReadPhotos', at /Statement/0/Effect)`,
      });
    }
    expect(answer(`{"id":"l","request":${get},"identityPolicies":{}}`, 10).error?.message).toBe("line 10: identityPolicies must be an array");
  });
});
