/** Checks on Principal and NotPrincipal in resource-based and trust policies. */
import { describeJsonType, readStringList, type ValidationContext } from "./validate-context";
import { escapePointerToken } from "./parse-json";

const PRINCIPAL_KEYS = ["AWS", "Service", "Federated", "CanonicalUser"];

const AWS_PRINCIPAL = /^(\*|\d{12}|arn:aws[a-z-]*:(iam|sts)::(\d{12}|aws):(root|user\/.+|role\/.+|assumed-role\/.+|federated-user\/.+))$/;
const SERVICE_PRINCIPAL = /^[a-z0-9*][a-z0-9.*-]*\.(amazonaws\.com(\.cn)?|amazon\.com|aws\.internal)$/i;

/** Validates a Principal (or NotPrincipal) value: "*", or an object of principal kinds. */
export function checkPrincipal(value: unknown, pointer: string, element: string, context: ValidationContext): void {
  if (value === "*") return;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    context.findings.add(
      "INVALID_PRINCIPAL",
      `${element} must be "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"} or {"Service": "ec2.amazonaws.com"}, not ${typeof value === "string" ? `"${value}"` : describeJsonType(value)}.`,
      pointer,
    );
    return;
  }
  for (const [kind, raw] of Object.entries(value)) {
    const kindPointer = `${pointer}/${escapePointerToken(kind)}`;
    if (!PRINCIPAL_KEYS.includes(kind)) {
      const fixed = PRINCIPAL_KEYS.find((k) => k.toLowerCase() === kind.toLowerCase());
      context.findings.add(
        "INVALID_PRINCIPAL",
        `"${kind}" is not a principal type; use ${fixed ? `"${fixed}" (case-sensitive)` : PRINCIPAL_KEYS.map((k) => `"${k}"`).join(", ")}.`,
        kindPointer,
        "key",
      );
      continue;
    }
    const entries = readStringList(raw, kindPointer, `${element} ${kind}`, context) ?? [];
    for (const entry of entries) {
      if (kind === "AWS" && !AWS_PRINCIPAL.test(entry.value)) {
        context.findings.add(
          "INVALID_PRINCIPAL",
          `"${entry.value}" is not an AWS principal: use a 12-digit account ID, "arn:aws:iam::ACCOUNT:root", or the ARN of a user or role.`,
          entry.pointer,
        );
      } else if (kind === "Service" && entry.value !== "*" && !SERVICE_PRINCIPAL.test(entry.value)) {
        context.findings.add("INVALID_PRINCIPAL", `"${entry.value}" is not a service principal; they look like "ec2.amazonaws.com".`, entry.pointer);
      }
    }
  }
}
