/**
 * XML for AWS's answers: elements from plain values, lists wrapped as AWS's protocols wrap them
 * (`<member>` for IAM and STS's Query protocol, `<item>` for EC2's, repeated elements for S3).
 */
import { xmlEscape } from "../sts/sts-xml";

export type XmlValue = string | number | boolean | Date | null | undefined | XmlValue[] | { [name: string]: XmlValue };

/** How a protocol writes a list: each entry in a wrapper element, or the element repeated. */
export type ListStyle = "member" | "item" | "flat";

function text(value: string | number | boolean | Date): string {
  if (value instanceof Date) return value.toISOString();
  return xmlEscape(String(value));
}

/** `<name>…</name>` for `value`; undefined and null leave the element out. */
export function xmlElement(name: string, value: XmlValue, list: ListStyle): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    if (list === "flat") return value.map((v) => xmlElement(name, v, list)).join("");
    return `<${name}>${value.map((v) => xmlElement(list, v, list)).join("")}</${name}>`;
  }
  if (typeof value === "object" && !(value instanceof Date)) return `<${name}>${xmlChildren(value, list)}</${name}>`;
  return `<${name}>${text(value)}</${name}>`;
}

export function xmlChildren(value: { [name: string]: XmlValue }, list: ListStyle): string {
  return Object.entries(value)
    .map(([k, v]) => xmlElement(k, v, list))
    .join("");
}

export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
