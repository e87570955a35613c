/**
 * Can a policy `Resource` (with `*`, `?` and `${variables}`) name a resource of a given ARN
 * format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)? Both sides are patterns, so we ask
 * whether their languages intersect, over small character classes.
 */

/** A set of characters: one character, anything, or anything but one character. */
type CharClass = { kind: "char"; char: string } | { kind: "any" } | { kind: "not"; char: string };

/** One character from a class, or (star) any run of them, possibly empty. */
interface Token {
  charClass: CharClass;
  star: boolean;
}

const ANY: CharClass = { kind: "any" };

function intersects(a: CharClass, b: CharClass): boolean {
  if (a.kind === "any" || b.kind === "any") return true;
  if (a.kind === "char" && b.kind === "char") return a.char === b.char;
  if (a.kind === "char") return a.char !== b.char;
  if (b.kind === "char") return b.char !== a.char;
  return true;
}

const NOT_COLON: CharClass = { kind: "not", char: ":" };

/**
 * Tokens of a policy resource: `*` any run, `?` one character, `${…}` an unknown value. In the
 * partition, service, region and account segments a `?`, or a `*` inside the segment, stays within
 * it. AWS lets a `*` that ends its segment run past the colons (lib/policy/arn.ts), which matters
 * when the pattern is short of segments (`arn:aws:iam::*`, `arn:aws:dynamodb:*:table/T`); with all
 * five header colons written we keep such a star in its segment, because catalog formats let the
 * last variable hold anything and `arn:aws:ec2:*:*:volume/*` would otherwise fit an instance.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */
export function tokenizePolicyResource(resource: string): Token[] {
  const tokens: Token[] = [];
  const lastBrace = resource.lastIndexOf("}");
  const shortOfSegments = literalColons(resource, lastBrace) < 5;
  let colons = 0;
  for (let i = 0; i < resource.length; i++) {
    const char = resource[i];
    const inHeader = colons < 5;
    const endsResource = i === resource.length - 1;
    if (char === "*") {
      const crosses = endsResource || (shortOfSegments && resource[i + 1] === ":");
      tokens.push({ charClass: inHeader && !crosses ? NOT_COLON : ANY, star: true });
    } else if (char === "?") tokens.push({ charClass: inHeader ? NOT_COLON : ANY, star: false });
    else if (char === "$" && resource[i + 1] === "{" && i < lastBrace) {
      // A policy variable is replaced at request time by a value we cannot know here.
      i = resource.indexOf("}", i);
      tokens.push({ charClass: inHeader && i < resource.length - 1 ? NOT_COLON : ANY, star: true });
    } else {
      if (char === ":") colons++;
      tokens.push({ charClass: { kind: "char", char }, star: false });
    }
  }
  return tokens;
}

// Colons written in the resource, outside policy variables (`${aws:username}`).
function literalColons(resource: string, lastBrace: number): number {
  let n = 0;
  for (let i = 0; i < resource.length; i++) {
    if (resource[i] === "$" && resource[i + 1] === "{" && i < lastBrace) i = resource.indexOf("}", i);
    else if (resource[i] === ":") n++;
  }
  return n;
}

/**
 * Tokens of a catalog ARN format. Variables in the partition, region and account segments stay
 * within their segment and may be empty; a variable in the resource part holds one character or more. In the resource part a
 * variable followed by `/` or `:` ends before it (a table name holds no `/`), the last variable
 * takes the rest, except that a format another format of the service extends with `/…` (S3 bucket
 * vs object, DynamoDB table vs index) ends before the `/`, so `bucket/*` is not a bucket.
 */
export function tokenizeArnFormat(format: string, endsBeforeSlash: boolean): Token[] {
  const tokens: Token[] = [];
  let colons = 0;
  const pattern = /\$\{[^}]*\}/g;
  let last = 0;
  const variables = [...format.matchAll(pattern)];
  const pushLiteral = (text: string) => {
    for (const char of text) {
      if (char === ":") colons++;
      tokens.push({ charClass: { kind: "char", char }, star: false });
    }
  };
  variables.forEach((match, index) => {
    pushLiteral(format.slice(last, match.index));
    last = match.index! + match[0].length;
    const next = format[last];
    let charClass: CharClass = ANY;
    if (colons < 5) charClass = NOT_COLON;
    else if (next === "/" || next === ":") charClass = { kind: "not", char: next };
    else if (next === undefined && endsBeforeSlash) charClass = { kind: "not", char: "/" };
    // AWS-owned resources leave the account empty (arn:aws:ssm:*::document/AWS-…), so a header
    // variable may be empty; a resource-part variable holds at least one character.
    if (colons >= 5) tokens.push({ charClass, star: false });
    tokens.push({ charClass, star: true });
  });
  pushLiteral(format.slice(last));
  return tokens;
}

/** True when some string matches both token sequences. */
export function tokensIntersect(a: Token[], b: Token[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number) => {
    const index = i * width + j;
    if (!seen[index]) {
      seen[index] = 1;
      stack.push(index);
    }
  };
  while (stack.length > 0) {
    const index = stack.pop()!;
    const i = Math.floor(index / width);
    const j = index % width;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    // A star may match nothing; a character on one side may be absorbed by a star on the other.
    if (ta?.star) visit(i + 1, j);
    if (tb?.star) visit(i, j + 1);
    if (ta && tb && intersects(ta.charClass, tb.charClass)) {
      if (!ta.star && !tb.star) visit(i + 1, j + 1);
      else if (ta.star && !tb.star) visit(i, j + 1);
      else if (!ta.star && tb.star) visit(i + 1, j);
    }
  }
  return false;
}
