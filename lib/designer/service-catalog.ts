/**
 * What the visual statement builder needs to know about a service, in one answer: its actions
 * grouped by access level, its resource types with ARN formats, and its condition keys.
 */
import { ACCESS_LEVELS, type AccessLevel } from "../catalog/access-level";
import { expandActionPattern, listServiceActions } from "../catalog/actions";
import { listGlobalConditionKeys, listServiceConditionKeys } from "../catalog/condition-keys";
import { listResourceTypes } from "../catalog/resource-types";
import { findService, listServices } from "../catalog/services";

export interface BuilderAction {
  name: string;
  level: AccessLevel;
  description: string;
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
}

export interface BuilderService {
  prefix: string;
  name: string;
  levels: AccessLevel[];
  actions: BuilderAction[];
  resourceTypes: { name: string; arnFormat: string; conditionKeys: string[] }[];
  conditionKeys: { name: string; type: string; description: string }[];
}

/** Every service, for the picker. */
export function listBuilderServices(): { prefix: string; name: string }[] {
  return listServices().map((s) => ({ prefix: s.prefix, name: s.name }));
}

/** One service for the builder, or undefined when the catalog does not know it. */
export function describeBuilderService(prefix: string): BuilderService | undefined {
  const service = findService(prefix);
  if (!service) return undefined;
  const actions = listServiceActions(service.prefix)
    .map((a) => ({
      name: a.name,
      level: a.accessLevel,
      description: a.description,
      resourceTypes: a.resourceTypes.map((r) => ({ name: r.name, required: r.required })),
      conditionKeys: [...new Set([...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)])],
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    prefix: service.prefix,
    name: service.name,
    levels: ACCESS_LEVELS.filter((level) => actions.some((a) => a.level === level)),
    actions,
    resourceTypes: listResourceTypes(service.prefix).map((r) => ({ name: r.name, arnFormat: r.arnFormat, conditionKeys: r.conditionKeys })),
    conditionKeys: listServiceConditionKeys(service.prefix).map((k) => ({ name: k.name, type: k.type, description: k.description })),
  };
}

/** The global `aws:` condition keys, for every statement. */
export function listBuilderGlobalKeys(): { name: string; type: string; description: string }[] {
  return listGlobalConditionKeys().map((k) => ({ name: k.name, type: k.type, description: k.description }));
}

/** What an action pattern covers (`s3:Get*`), for the wildcard preview; at most `limit` names. */
export function previewActionPattern(pattern: string, limit = 400): { count: number; actions: { id: string; level: AccessLevel }[] } {
  const actions = expandActionPattern(pattern);
  return { count: actions.length, actions: actions.slice(0, limit).map((a) => ({ id: a.id, level: a.accessLevel })) };
}
