/** The condition keys one action supports: its own, and those of the resource types it acts on. */
import { findAction } from "./actions";
import { findConditionKey, type CatalogConditionKey } from "./condition-keys";
import { findResourceType } from "./resource-types";

/**
 * Service-specific and tag keys `action` supports (case-insensitive `service:Action`), with their
 * types; the global `aws:` keys apply to every action and are not repeated. Empty when unknown.
 */
export function conditionKeysForAction(action: string): CatalogConditionKey[] {
  const found = findAction(action);
  if (!found) return [];
  const names = new Set<string>(found.conditionKeys);
  for (const type of found.resourceTypes) {
    for (const key of type.conditionKeys) names.add(key);
    for (const key of findResourceType(found.service, type.name)?.conditionKeys ?? []) names.add(key);
  }
  const keys = new Map<string, CatalogConditionKey>();
  for (const name of names) {
    // Placeholders (`${TagKey}`) resolve through a sample value; the definition keeps the pattern.
    const definition = findConditionKey(name.replace(/\$\{[^}]*\}|<[^>]*>/g, "x"));
    keys.set(name.toLowerCase(), { name, type: definition?.type ?? "String", description: definition?.description ?? "", global: false });
  }
  return [...keys.values()].sort((a, b) => a.name.localeCompare(b.name));
}
