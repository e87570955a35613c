// The IAM JSON policy grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// Element references: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
import { describe, expect, it } from "vitest";
import { compilePolicy, compilePolicySet, type PolicyKind } from "../../../lib/policy/evaluate";
import { PolicyGrammarError } from "../../../lib/policy/policy-grammar-error";
import { parseConditionOperator, CONDITION_OPERATOR_NAMES } from "../../../lib/policy/condition-operators";

const ok = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };

type Row = [name: string, document: unknown, pointer: string, message: RegExp, kind?: PolicyKind];
const rows: Row[] = [
  ["a document that is not an object", [], "", /must be a JSON object/],
  ["policy text that is not JSON", '{"Statement": [}', "", /Policy is not valid JSON: Unexpected '}', expected a value at line 1, column 16/],
  ["policy text with a repeated key", '{"Statement": {"Effect": "Allow",\n "Effect": "Deny", "Action": "*", "Resource": "*"}}', "/Statement/Effect", /Duplicate key 'Effect' at line 2, column 2/],
  ["an unknown top-level element", { Version: "2012-10-17", Statement: [ok], Extra: 1 }, "/Extra", /Unknown policy element 'Extra'/],
  ["an unknown Version", { Version: "2020-01-01", Statement: [ok] }, "/Version", /Version must be "2012-10-17" or "2008-10-17"/],
  ["an Id that is not a string", { Id: 3, Statement: [ok] }, "/Id", /Id must be a string/],
  ["a missing Statement", { Version: "2012-10-17" }, "", /missing Statement/],
  ["a statement that is not an object", { Statement: ["x"] }, "/Statement/0", /Statement must be an object/],
  ["an unknown statement element", { Statement: [{ ...ok, Efect: "Allow" }] }, "/Statement/0/Efect", /Unknown statement element 'Efect'/],
  ["a Sid that is not a string", { Statement: [{ ...ok, Sid: 1 }] }, "/Statement/0/Sid", /Sid must be a string/],
  ["a missing Effect", { Statement: { Action: "s3:GetObject", Resource: "*" } }, "/Statement", /missing Effect/],
  ["a misspelt Effect", { Statement: [{ ...ok, Effect: "allow" }] }, "/Statement/0/Effect", /Effect must be "Allow" or "Deny", not "allow"/],
  ["Action and NotAction together", { Statement: [{ ...ok, NotAction: "s3:*" }] }, "/Statement/0/NotAction", /both Action and NotAction/],
  ["no Action", { Statement: [{ Effect: "Allow", Resource: "*" }] }, "/Statement/0", /missing Action or NotAction/],
  ["an Action without a service prefix", { Statement: [{ ...ok, Action: ["s3:GetObject", "GetObject"] }] }, "/Statement/0/Action/1", /Action 'GetObject' must be "\*" or "service:action"/],
  ["an empty Action list", { Statement: [{ ...ok, Action: [] }] }, "/Statement/0/Action", /must not be an empty list/],
  ["an Action that is not a string", { Statement: [{ ...ok, Action: 3 }] }, "/Statement/0/Action", /must be a string or a list of strings/],
  ["an Action list entry that is not a string", { Statement: [{ ...ok, Action: ["s3:GetObject", 3] }] }, "/Statement/0/Action/1", /entries must be strings/],
  ["no Resource in an identity policy", { Statement: [{ Effect: "Allow", Action: "s3:GetObject" }] }, "/Statement/0", /missing Resource or NotResource/],
  ["Resource and NotResource together", { Statement: [{ ...ok, NotResource: "*" }] }, "/Statement/0/NotResource", /both Resource and NotResource/],
  ["a Principal in an identity policy", { Statement: [{ ...ok, Principal: "*" }] }, "/Statement/0/Principal", /Principal is not allowed in an identity-based policy/],
  ["a Principal in a boundary", { Statement: [{ ...ok, Principal: "*" }] }, "/Statement/0/Principal", /not allowed in a permissions boundary policy/, "boundary"],
  ["a NotPrincipal in a session policy", { Statement: [{ ...ok, NotPrincipal: "*" }] }, "/Statement/0/NotPrincipal", /not allowed in a session policy/, "session"],
  ["a Principal in an SCP", { Statement: [{ ...ok, Principal: "*" }] }, "/Statement/0/Principal", /not allowed in a service control policy/, "scp"],
  ["no Principal in a resource-based policy", { Statement: [ok] }, "/Statement/0", /missing Principal or NotPrincipal/, "resource"],
  ["a Principal string other than *", { Statement: [{ ...ok, Principal: "arn:aws:iam::111111111111:root" }] }, "/Statement/0/Principal", /must be "\*" or an object/, "resource"],
  ["an unknown Principal type", { Statement: [{ ...ok, Principal: { Aws: "*" } }] }, "/Statement/0/Principal/Aws", /Unknown Principal type 'Aws'/, "resource"],
  ["an empty Principal value", { Statement: [{ ...ok, Principal: { AWS: ["x", ""] } }] }, "/Statement/0/Principal/AWS/1", /non-empty strings/, "resource"],
  ["a Condition that is not an object", { Statement: [{ ...ok, Condition: [] }] }, "/Statement/0/Condition", /Condition must be an object/],
  ["an unknown condition operator", { Statement: [{ ...ok, Condition: { StringEqual: { "aws:x": "y" } } }] }, "/Statement/0/Condition/StringEqual", /Unknown condition operator 'StringEqual'/],
  ["an unknown set qualifier", { Statement: [{ ...ok, Condition: { "ForSomeValues:StringEquals": { "aws:x": "y" } } }] }, "/Statement/0/Condition/ForSomeValues:StringEquals", /Unknown condition operator/],
  ["NullIfExists does not exist", { Statement: [{ ...ok, Condition: { NullIfExists: { "aws:x": "true" } } }] }, "/Statement/0/Condition/NullIfExists", /Unknown condition operator/],
  ["an operator without keys", { Statement: [{ ...ok, Condition: { StringEquals: "x" } }] }, "/Statement/0/Condition/StringEquals", /must map condition keys to values/],
  ["a condition value that is an object", { Statement: [{ ...ok, Condition: { StringEquals: { "aws:x": { a: 1 } } } }] }, "/Statement/0/Condition/StringEquals/aws:x", /must be a string, number or boolean/],
  ["a condition list entry that is null", { Statement: [{ ...ok, Condition: { StringEquals: { "a/b": ["x", null] } } }] }, "/Statement/0/Condition/StringEquals/a~1b/1", /must be a string, number or boolean/],
];

describe("grammar errors carry a JSON pointer and say what is wrong", () => {
  it.each(rows)("%s", (_name, document, pointer, message, kind) => {
    let error: unknown;
    try {
      compilePolicy(document, "Doc", kind ?? "identity");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyGrammarError);
    expect((error as PolicyGrammarError).pointer).toBe(pointer);
    expect((error as PolicyGrammarError).policy).toBe("Doc");
    expect((error as PolicyGrammarError).message).toMatch(message);
    expect((error as PolicyGrammarError).message).toContain("policy 'Doc'");
  });
});

describe("accepted forms", () => {
  it("Statement as an object or an array; single values or arrays", () => {
    const single = compilePolicy({ Version: "2012-10-17", Statement: { Sid: "One", Effect: "Deny", NotAction: "iam:*", NotResource: "arn:aws:s3:::x" } }, "P");
    expect(single.statements).toHaveLength(1);
    expect(single.statements[0].pointer).toBe("/Statement");
    expect(single.denies).toHaveLength(1);
    expect(single.statements[0].ref).toEqual({ policy: "P", kind: "identity", statement: 0, sid: "One" });
  });
  it("policy text is parsed, as stored or pasted", () => {
    const policy = compilePolicy('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}', "Text");
    expect(policy.allows).toHaveLength(1);
    expect(policy.variablesEnabled).toBe(true);
  });
  it("resource-based, SCP and RCP statements may omit Resource", () => {
    expect(() => compilePolicy({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }] }, "T", "resource")).not.toThrow();
    expect(() => compilePolicy({ Statement: [{ Effect: "Allow", Action: "*" }] }, "S", "scp", "r-root")).not.toThrow();
    expect(() => compilePolicy({ Statement: [{ Effect: "Deny", Principal: "*", Action: "*" }] }, "R", "rcp", "r-root")).not.toThrow();
  });
  it("SCP and RCP statements carry their organization level", () => {
    const scp = compilePolicy({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "Full", "scp", "ou-1");
    expect(scp.statements[0].ref).toEqual({ policy: "Full", kind: "scp", statement: 0, target: "ou-1" });
  });
  it("compilePolicySet names the failing policy", () => {
    expect(() => compilePolicySet({ sessionPolicies: [{ name: "S1", document: { Statement: [{ Effect: "Allow" }] } }] })).toThrow(/policy 'S1'/);
  });
  it("knows every operator AWS documents, with qualifiers and IfExists", () => {
    expect(CONDITION_OPERATOR_NAMES).toHaveLength(27);
    expect(parseConditionOperator("ForAllValues:StringNotLikeIfExists")).toMatchObject({ name: "StringNotLike", qualifier: "ForAllValues", ifExists: true, negated: true });
    expect(parseConditionOperator("ArnLike")).toMatchObject({ family: "Arn", negated: false, ifExists: false });
    expect(parseConditionOperator("Nope")).toBeNull();
    expect(parseConditionOperator("ForAnyValue:Nope")).toBeNull();
  });
});
