/**
 * Checks on a statement's actions against the catalog: real services and actions, redundancy,
 * resources that fit the actions' resource types, and the PassRole checks.
 */
import { expandActionPattern, listServiceActions, type CatalogAction } from "../catalog/actions";
import { nearestName } from "../catalog/nearest-name";
import { findResourceType, resourceFitsType } from "../catalog/resource-types";
import { isKnownService, listServices } from "../catalog/services";
import type { LocatedString, ValidationContext } from "./validate-context";
import { isTrustPolicyAction } from "./trust-actions";
import { compilePolicyPattern, textHasWildcard } from "./wildcard";

/** An action entry with the real actions it covers (empty when it names none). */
export interface ResolvedAction extends LocatedString {
  actions: CatalogAction[];
  /** True for `*`: every action, now and future. */
  everything: boolean;
}

/** Checks each entry's format, service and action; returns them with their expansions. */
export function resolveActions(entries: LocatedString[], element: string, context: ValidationContext): ResolvedAction[] {
  return entries.map((entry) => {
    if (entry.value === "*") return { ...entry, actions: [], everything: true };
    const resolved: ResolvedAction = { ...entry, actions: [], everything: false };
    const colon = entry.value.indexOf(":");
    if (colon <= 0 || colon === entry.value.length - 1) {
      context.findings.add(
        "INVALID_ACTION_FORMAT",
        `"${entry.value}" is not an action: write service:action, e.g. "s3:GetObject", or "*".`,
        entry.pointer,
      );
      return resolved;
    }
    const service = entry.value.slice(0, colon);
    const name = entry.value.slice(colon + 1);
    if (!textHasWildcard(service) && !isKnownService(service)) {
      const suggestion = nearestName(service, listServices().map((s) => s.prefix));
      context.findings.add(
        "UNKNOWN_SERVICE",
        `The service prefix "${service}" in ${element} "${entry.value}" is not an AWS service.` +
          (suggestion ? ` Did you mean "${suggestion}:${name}"?` : " Check the prefix in the Service Authorization Reference."),
        entry.pointer,
      );
      return resolved;
    }
    resolved.actions = expandActionPattern(entry.value);
    if (resolved.actions.length === 0) {
      const suggestion = textHasWildcard(entry.value)
        ? undefined
        : nearestName(name, listServiceActions(service).map((a) => a.name));
      context.findings.add(
        "UNKNOWN_ACTION",
        textHasWildcard(entry.value)
          ? `"${entry.value}" matches no ${service} action; check the spelling of the pattern.`
          : `"${entry.value}" is not an action of ${service}.` +
              (suggestion ? ` Did you mean "${service}:${suggestion}"?` : ` See the actions of ${service} in the Service Authorization Reference.`),
        entry.pointer,
      );
    }
    return resolved;
  });
}

/** Flags entries whose actions another entry of the same element already covers. */
export function checkRedundantActions(resolved: ResolvedAction[], element: string, context: ValidationContext): void {
  const everything = resolved.find((r) => r.everything);
  const sets = resolved.map((r) => new Set(r.actions.map((a) => a.id)));
  resolved.forEach((entry, index) => {
    if (entry.everything || entry.actions.length === 0) return;
    if (everything) {
      context.findings.add("REDUNDANT_ACTION", `"${entry.value}" is redundant: "*" in this ${element} already covers every action.`, entry.pointer);
      return;
    }
    const cover = resolved.findIndex((other, otherIndex) => {
      if (otherIndex === index || other.actions.length < entry.actions.length) return false;
      // Of two entries covering the same actions, the later one is the redundant one.
      if (other.actions.length === entry.actions.length && otherIndex > index) return false;
      return entry.actions.every((a) => sets[otherIndex].has(a.id));
    });
    if (cover >= 0) {
      const twice = resolved[cover].value.toLowerCase() === entry.value.toLowerCase();
      context.findings.add(
        "REDUNDANT_ACTION",
        twice
          ? `"${entry.value}" is listed twice in this ${element}; remove one.`
          : `"${entry.value}" is redundant: "${resolved[cover].value}" in this ${element} already covers it; remove one of them.`,
        entry.pointer,
      );
    }
  });
}

const PASS_ROLE = "iam:PassRole";

/** True when the entry names iam:PassRole itself or an iam wildcard covering it (not bare `*`). */
function targetsPassRole(entry: LocatedString): boolean {
  const colon = entry.value.indexOf(":");
  if (colon < 0) return false;
  const service = entry.value.slice(0, colon);
  return compilePolicyPattern(service, true)("iam") && compilePolicyPattern(entry.value.slice(colon + 1), true)("PassRole");
}

/** True when a resource pattern names every role of an account (or every resource). */
function coversEveryRole(resource: string): boolean {
  return resource === "*" || /^arn:[^:]*:iam::[^:]*:(role\/)?\*$/.test(resource);
}

export interface StatementShape {
  allow: boolean;
  actions?: ResolvedAction[];
  notActions?: ResolvedAction[];
  resources?: LocatedString[];
  notResources?: LocatedString[];
  /** Lower-cased condition keys the statement tests. */
  conditionKeys: Set<string>;
  pointer: string;
}

/** The PassRole checks: every role, and no `iam:PassedToService`. */
export function checkPassRole(statement: StatementShape, context: ValidationContext): void {
  if (!statement.allow || !statement.actions) return;
  const passRole = statement.actions.find(targetsPassRole);
  if (!passRole) return;
  if (statement.notResources) {
    context.findings.add(
      "PASS_ROLE_WILDCARD_RESOURCE",
      `Allowing ${PASS_ROLE} with NotResource lets the caller pass every role not listed, including future ones; list the role ARNs it may pass in Resource instead.`,
      statement.notResources[0]?.pointer ?? statement.pointer,
    );
  }
  for (const resource of statement.resources ?? []) {
    if (coversEveryRole(resource.value)) {
      context.findings.add(
        "PASS_ROLE_WILDCARD_RESOURCE",
        `"${passRole.value}" on "${resource.value}" lets the caller pass any role, even one with more permissions than their own, to a service; list the role ARNs it may pass, e.g. "arn:aws:iam::111122223333:role/Get-pics".`,
        resource.pointer,
      );
    }
  }
  if (!statement.conditionKeys.has("iam:passedtoservice")) {
    context.findings.add(
      "PASS_ROLE_WITHOUT_SERVICE_CONDITION",
      `"${passRole.value}" is allowed for any service; add a condition such as {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}} to say which service may receive the role.`,
      passRole.pointer,
    );
  }
}

/** Allow with NotAction, NotResource: they grant everything else, including future actions. */
export function checkNegatedAllow(statement: StatementShape, context: ValidationContext): void {
  if (!statement.allow) return;
  if (statement.notActions && statement.notActions.length > 0) {
    const excludesPassRole = statement.notActions.some((a) => a.everything || targetsPassRole(a));
    context.findings.add(
      "ALLOW_WITH_NOT_ACTION",
      `Allow with NotAction grants every action not listed, in every service, including actions AWS adds later` +
        (excludesPassRole ? "" : ` (and ${PASS_ROLE})`) +
        `; list the actions to allow in Action instead.`,
      statement.notActions[0].pointer.replace(/\/\d+$/, ""),
      "key",
    );
  }
  if (statement.notResources && statement.notResources.length > 0) {
    context.findings.add(
      "ALLOW_WITH_NOT_RESOURCE",
      `Allow with NotResource grants access to every resource not listed, including ones created later; list the resources to allow in Resource instead.`,
      statement.notResources[0].pointer.replace(/\/\d+$/, ""),
      "key",
    );
  }
}

/** Does the action act on this resource? Wildcard-only actions accept any resource pattern with `*`. */
function actionFits(action: CatalogAction, resource: string, cache: Map<string, boolean>): boolean {
  if (resource === "*") return true;
  // Actions without resource-level permissions are granted by "*"; AWS's own examples also use
  // service-wide patterns such as "arn:aws:s3:::*" for them, so any pattern with * passes.
  if (action.wildcardOnly) return resource.includes("*");
  const key = `${action.service} ${resource}`;
  return action.resourceTypes.some((type) => {
    const typeKey = `${key} ${type.name}`;
    let fits = cache.get(typeKey);
    if (fits === undefined) {
      fits = resourceFitsType(resource, action.service, type.name);
      cache.set(typeKey, fits);
    }
    return fits;
  });
}

function describeFormats(action: CatalogAction): string {
  const formats = action.resourceTypes
    .slice(0, 3)
    .map((t) => `${t.name} (${findResourceType(action.service, t.name)?.arnFormat ?? "?"})`);
  return formats.length > 0 ? formats.join(", ") : `"*" only`;
}

/** Above this many expanded actions a statement is broad enough that every resource fits something. */
const MAX_ACTIONS_FOR_FIT = 2000;

/**
 * Resources that fit none of the statement's actions' resource types, and actions that fit none of
 * its resources: such a grant or denial never takes effect.
 */
export function checkResourceFit(statement: StatementShape, context: ValidationContext): void {
  if (!statement.actions || !statement.resources || statement.actions.some((a) => a.everything)) return;
  const actions = statement.actions.flatMap((a) => a.actions);
  if (actions.length === 0 || actions.length > MAX_ACTIONS_FOR_FIT) return;
  const cache = new Map<string, boolean>();
  const resources = statement.resources.filter((r) => r.value.startsWith("arn:") || r.value === "*");
  let resourceFinding = false;
  for (const resource of resources) {
    if (actions.some((action) => actionFits(action, resource.value, cache))) continue;
    resourceFinding = true;
    const example = actions[0];
    context.findings.add(
      "RESOURCE_TYPE_MISMATCH",
      `"${resource.value}" is not a resource this statement's actions act on, so it grants or denies nothing. ` +
        `${example.id} acts on ${describeFormats(example)}.`,
      resource.pointer,
    );
  }
  if (resourceFinding || resources.length === 0) return;
  for (const entry of statement.actions) {
    if (entry.actions.length === 0) continue;
    if (entry.actions.some((action) => resources.some((r) => actionFits(action, r.value, cache)))) continue;
    context.findings.add(
      "RESOURCE_TYPE_MISMATCH",
      `"${entry.value}" acts on none of this statement's resources, so it is never granted or denied here. ` +
        `${entry.actions[0].id} acts on ${describeFormats(entry.actions[0])}.`,
      entry.pointer,
    );
  }
}

/** Trust policies: every Action entry must cover only STS role-assumption actions. */
export function checkTrustActions(actions: ResolvedAction[] | undefined, context: ValidationContext): void {
  for (const entry of actions ?? []) {
    if (entry.everything || entry.actions.length === 0) continue;
    const other = entry.actions.find((a) => !isTrustPolicyAction(a.id));
    if (!other) continue;
    context.findings.add(
      "UNSUPPORTED_TRUST_ACTION",
      `A trust policy may only name sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity or sts:SetContext; "${entry.value}" covers ${other.id}. ` +
        `Grant other permissions in the role's permissions policies.`,
      entry.pointer,
    );
  }
}
