/**
 * The two XML request bodies Roleplay's S3 reads — CompleteMultipartUpload's part list and
 * DeleteObjects' key list — read strictly: anything but S3's shape is `MalformedXML`, as S3
 * answers it. (No general XML parser: these documents have one fixed, flat shape.)
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
 */
import { S3Error } from "./s3-errors";
import type { CompletedPart } from "./multipart";

/** DeleteObjects takes at most 1,000 keys per request. */
export const maxDeleteKeys = 1000;

const malformed = () => new S3Error("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");

// XML 1.0's Char production: what a character reference may name (no NUL, no lone surrogates).
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function unescapeXml(text: string): string {
  const unescaped = text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity[0] !== "#") return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[entity]!;
    const code = entity[1] === "x" ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    if (!isXmlChar(code)) throw malformed();
    return String.fromCodePoint(code);
  });
  // A reference too long for the pattern above, or a bare "&", is not XML.
  if (/&(?!amp;|lt;|gt;|quot;|apos;)/.test(text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7});/g, ""))) throw malformed();
  return unescaped;
}

/** The children of the document's root element `root`, or MalformedXML. */
function rootContent(xml: string, root: string): string {
  const document = xml.replace(/^\uFEFF/, "").replace(/^\s*<\?xml[^?]*\?>/, "").trim();
  const m = new RegExp(`^<${root}(?:\\s[^>]*)?>([\\s\\S]*)</${root}>$`).exec(document);
  if (!m) throw malformed();
  return m[1];
}

/** Each `<name>…</name>` in sequence (with nothing else between them but `others`), or MalformedXML. */
function repeated(content: string, name: string, others: RegExp[] = []): string[] {
  const found: string[] = [];
  let rest = content;
  const element = new RegExp(`^\\s*<${name}>([\\s\\S]*?)</${name}>`);
  for (;;) {
    const m = element.exec(rest);
    if (m) {
      found.push(m[1]);
      rest = rest.slice(m[0].length);
      continue;
    }
    const other = others.map((o) => o.exec(rest)).find(Boolean);
    if (!other) break;
    rest = rest.slice(other[0].length);
  }
  if (rest.trim() !== "") throw malformed();
  return found;
}

/** The text of the one `<name>` child; MalformedXML when there are two. */
function child(content: string, name: string): string | undefined {
  const all = [...content.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))];
  if (all.length > 1) throw malformed();
  return all.length ? unescapeXml(all[0][1]) : undefined;
}

/** CompleteMultipartUpload's parts in the order given (ETags without their quotes). */
export function readCompletedParts(xml: string): CompletedPart[] {
  const parts = repeated(rootContent(xml, "CompleteMultipartUpload"), "Part").map((part) => {
    const number = child(part, "PartNumber")?.trim();
    const etag = child(part, "ETag");
    if (!number || !/^\d{1,5}$/.test(number) || etag === undefined) throw malformed();
    return { partNumber: Number(number), etag: etag.trim().replace(/^"|"$/g, "") };
  });
  if (parts.length === 0) throw malformed();
  return parts;
}

/** DeleteObjects' keys and whether the answer lists only the errors (Quiet). */
export function readDeleteRequest(xml: string): { keys: string[]; quiet: boolean } {
  const content = rootContent(xml, "Delete");
  const quietElement = /^\s*<Quiet>\s*(true|false)\s*<\/Quiet>/;
  const objects = repeated(content, "Object", [quietElement]);
  const keys = objects.map((object) => {
    const key = child(object, "Key");
    if (key === undefined || key === "") throw malformed();
    return key;
  });
  if (keys.length === 0 || keys.length > maxDeleteKeys) throw malformed();
  return { keys, quiet: /<Quiet>\s*true\s*<\/Quiet>/.test(content) };
}
