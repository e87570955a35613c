/**
 * A Sid that says what a statement is for, offered as the Sid field's placeholder: the effect, the
 * service and what the actions do ("AllowS3Read", "DenyIamPermissionsManagement",
 * "AllowEc2AssumeRole"). IAM identity policies take letters and digits only, so nothing else.
 */
import type { AccessLevel } from "../catalog/access-level";
import type { StatementView } from "./statement-view";

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join("");
}

/**
 * The placeholder Sid for a statement. `levelOf` gives an action name's access level when the
 * service's catalog is loaded; `principal` names who a trust statement admits.
 */
export function suggestSid(view: Pick<StatementView, "effect" | "actions" | "actionElement">, options: { levelOf?: (action: string) => AccessLevel | undefined; principal?: string; index?: number } = {}): string {
  const effect = view.effect;
  const actions = view.actions;
  if (actions.length === 0) return `${effect}Statement${(options.index ?? 0) + 1}`;
  if (actions.includes("*")) return view.actionElement === "NotAction" ? `${effect}AllButListed` : `${effect}Everything`;
  const prefixes = [...new Set(actions.map((a) => a.split(":")[0].toLowerCase()))];
  const names = actions.map((a) => a.slice(a.indexOf(":") + 1));
  const who = options.principal ? pascal(options.principal) : "";
  if (prefixes.length > 1) return `${effect}${who}${prefixes.map(pascal).join("And")}`.slice(0, 100);
  const service = pascal(prefixes[0]);
  if (view.actionElement === "NotAction") return `${effect}${service}ExceptListed`;
  if (names.length === 1 && !/[*?]/.test(names[0])) return `${effect}${who}${service === "Sts" ? "" : service}${pascal(names[0])}`;
  if (names.every((n) => n === "*")) return `${effect}${service}All`;
  const levels = options.levelOf ? [...new Set(names.map((n) => options.levelOf!(n)))] : [];
  if (levels.length === 1 && levels[0]) return `${effect}${service}${pascal(levels[0])}`;
  // Patterns such as Get* or Describe*: the shared verb says enough.
  const verbs = [...new Set(names.map((n) => /^[A-Z][a-z]+/.exec(n)?.[0] ?? ""))];
  if (verbs.length === 1 && verbs[0]) return `${effect}${service}${verbs[0]}`;
  return `${effect}${service}`;
}
