/**
 * Lab files (docs/labs.md): a file that is not a lab is refused with its path, the JSON path of
 * each problem and where it sits (line and column); a folder's good labs load beside a bad one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultLabsDir, findLab, loadLabs, parseLabText, readLabDirectory } from "../../../lib/labs";
import { splitCommandLine, stepArgv } from "../../../lib/labs/lab-steps";

const minimal = {
  id: "tiny",
  title: "Tiny",
  goal: "Prove the schema.",
  start: { from: "demo" },
  checks: [{ id: "one", title: "alice cannot create users", kind: "decision", principal: "user alice", action: "iam:CreateUser", resource: "arn:aws:iam::111111111111:user/x", expect: "Deny" }],
  solution: { steps: ["iam create-user --user-name x"] },
  learned: "Something.",
};

function problemOf(text: string, file = "labs/tiny.json"): string {
  try {
    parseLabText(text, file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the lab to be refused");
}

describe("parseLabText", () => {
  it("reads a minimal lab, filling the defaults", () => {
    const lab = parseLabText(JSON.stringify(minimal), "labs/tiny.json");
    expect(lab).toMatchObject({ id: "tiny", account: "111111111111", stories: [], hints: [], predict: [], start: { from: "demo", steps: [] }, file: "labs/tiny.json" });
  });

  const cases: { name: string; text: string; message: RegExp }[] = [
    { name: "text that is not JSON: line and column", text: '{\n  "id": "tiny",\n  "title": "Tiny"\n  "goal": "x"\n}', message: /^labs\/tiny\.json:4:3: \$: not JSON: Expected ',' or '}' after property value/ },
    { name: "a missing field", text: JSON.stringify({ ...minimal, learned: undefined }), message: /^labs\/tiny\.json:1:1: \$\.learned: / },
    { name: "an expectation that is no decision", text: JSON.stringify({ ...minimal, checks: [{ ...minimal.checks[0], expect: "Maybe" }] }), message: /\$\.checks\[0\]\.expect: .*"Allow"/ },
    { name: "an unknown check kind", text: JSON.stringify({ ...minimal, checks: [{ id: "x", title: "x", kind: "vibes" }] }), message: /\$\.checks\[0\]\.kind: / },
    { name: "a principal no lab can name", text: JSON.stringify({ ...minimal, checks: [{ ...minimal.checks[0], principal: "alice" }] }), message: /\$\.checks\[0\]\.principal: A principal is 'user NAME'/ },
    { name: "a field the schema does not know", text: JSON.stringify({ ...minimal, checks: [{ ...minimal.checks[0], expected: "Deny" }] }), message: /\$\.checks\[0\]/ },
    { name: "a check id used twice", text: JSON.stringify({ ...minimal, checks: [minimal.checks[0], minimal.checks[0]] }), message: /\$\.checks\[1\]\.id: Check id 'one' is used twice/ },
    { name: "a step that is not a command", text: JSON.stringify({ ...minimal, solution: { steps: [["iam"]] } }), message: /\$\.solution\.steps\[0\]/ },
    { name: "a start other than the demo", text: JSON.stringify({ ...minimal, start: { from: "empty" } }), message: /\$\.start\.from: A lab starts from the demo workspace/ },
    { name: "a card with neither request nor operation", text: JSON.stringify({ ...minimal, predict: [{ id: "c", question: "Allow or Deny?" }] }), message: /\$\.predict\[0\]: A card has either a request or an operation/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}, naming the file and the JSON path`, () => {
      expect(problemOf(c.text)).toMatch(c.message);
    });
  }

  it("points at the line and column of the value in error", () => {
    const text = JSON.stringify({ ...minimal, checks: [{ ...minimal.checks[0], expect: "Maybe" }] }, null, 2);
    const line = text.split("\n").findIndex((l) => l.includes('"Maybe"')) + 1;
    expect(problemOf(text)).toMatch(new RegExp(`^labs/tiny\\.json:${line}:\\d+: \\$\\.checks\\[0\\]\\.expect: `));
  });

  it("points at an unknown key itself", () => {
    const text = JSON.stringify({ ...minimal, checks: [{ ...minimal.checks[0], expected: "Deny" }] }, null, 2);
    const line = text.split("\n").findIndex((l) => l.includes('"expected"')) + 1;
    expect(problemOf(text)).toBe(`labs/tiny.json:${line}:7: $.checks[0]: Unrecognized key: "expected"`);
  });

  it("lists every problem of a file, one a line", () => {
    const message = problemOf(JSON.stringify({ ...minimal, title: "", learned: 3 }));
    expect(message.split("\n")).toHaveLength(2);
    expect(message).toMatch(/\$\.title: /);
    expect(message).toMatch(/\$\.learned: /);
  });
});

describe("lab folders", () => {
  it("loads the repository's labs", () => {
    expect(loadLabs().length).toBeGreaterThanOrEqual(6);
    expect(findLab("alice-passrole")?.file).toBe(join(defaultLabsDir, "alice-passrole.json"));
    expect(findLab("no-such-lab")).toBeUndefined();
  });

  it("picks up a trainer's file, and reports a broken one without hiding the others", () => {
    const dir = mkdtempSync(join(tmpdir(), "roleplay-labs-"));
    writeFileSync(join(dir, "a-good.json"), JSON.stringify(minimal));
    writeFileSync(join(dir, "b-broken.json"), '{"id": "broken",');
    writeFileSync(join(dir, "c-same-id.json"), JSON.stringify(minimal));
    writeFileSync(join(dir, "notes.txt"), "not a lab");
    const { labs, problems } = readLabDirectory(dir);
    expect(labs.map((l) => l.id)).toEqual(["tiny"]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^${join(dir, "b-broken.json")}:1:\\d+: \\$: not JSON`));
    expect(problems[1]).toMatch(/c-same-id\.json: \$\.id: lab id 'tiny' is already used by .*a-good\.json/);
    expect(findLab("tiny", dir)?.title).toBe("Tiny");
    expect(() => loadLabs(dir)).toThrow(/b-broken\.json:1:\d+: \$: not JSON/);
  });

  it("ships labs whose files are what docs/labs.md shows: every JSON file of labs/ is a lab", () => {
    for (const lab of loadLabs()) expect(JSON.parse(readFileSync(lab.file, "utf8")).id).toBe(lab.id);
  });
});

describe("steps", () => {
  const table: [string, string[]][] = [
    ["iam delete-role-policy --role-name Get-pics --policy-name UploadPhotos", ["iam", "delete-role-policy", "--role-name", "Get-pics", "--policy-name", "UploadPhotos"]],
    ["roleplay ec2 run-instances --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=a b}]'", ["ec2", "run-instances", "--tag-specifications", "ResourceType=instance,Tags=[{Key=Name,Value=a b}]"]],
    ['npx roleplay iam put-role-policy --policy-document "{\\"Version\\": \\"2012-10-17\\"}"', ["iam", "put-role-policy", "--policy-document", '{"Version": "2012-10-17"}']],
    ["clock   advance\t7h", ["clock", "advance", "7h"]],
    ["iam x --a ''", ["iam", "x", "--a", ""]],
  ];
  for (const [line, argv] of table) {
    it(`splits ${line} as a shell would`, () => {
      expect(stepArgv(line)).toEqual(argv);
    });
  }

  it("passes an argv's objects as their JSON text", () => {
    expect(stepArgv(["iam", "put-role-policy", "--policy-document", { Version: "2012-10-17" }])).toEqual(["iam", "put-role-policy", "--policy-document", '{"Version":"2012-10-17"}']);
  });

  it("refuses an unterminated quote", () => {
    expect(() => splitCommandLine("iam x --a 'open")).toThrow(/unterminated single quote/);
  });
});
