/**
 * Does an action act on a resource? The Service Authorization Reference lists the resource types
 * each action can name; a request pairing an action with a resource of another type (s3:GetObject
 * on a role) is one AWS never makes, and its "implicit deny" would teach nothing. The simulator
 * warns with the reason.
 */
import { findAction, type CatalogAction } from "./actions";
import { findResourceType, matchResourceTypes, resourceFitsType } from "./resource-types";
import { findService } from "./services";

/** Resource types named at most in a message; more are counted. */
const LISTED_TYPES = 3;

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

/** A service as people write it: the short prefixes in capitals (S3, IAM, EC2), the rest as they are. */
function serviceWord(prefix: string): string {
  return prefix.length <= 3 ? prefix.toUpperCase() : prefix;
}

/** What an ARN names, in words: "a role of IAM", "an object of S3", or "a resource of ec2". */
function describeResource(resource: string): string {
  const service = /^arn:[^:]*:([^:]+):/.exec(resource)?.[1];
  if (!service) return "something that is not an ARN";
  const type = findService(service) ? matchResourceTypes(service, resource)[0] : undefined;
  return type ? `${article(type.name)} ${type.name} of ${serviceWord(service)}` : `a resource of ${serviceWord(service)}`;
}

/** The action's resource types with their ARN formats, the simplest format first. */
function describeTypes(action: CatalogAction): string {
  const types = action.resourceTypes
    .map((t) => ({ name: t.name, format: findResourceType(action.service, t.name)?.arnFormat ?? "" }))
    .sort((a, b) => a.format.length - b.format.length);
  const listed = types.slice(0, LISTED_TYPES).map((t) => `${t.name} (${t.format})`);
  const more = types.length - listed.length;
  return `resources of type ${listed.join(more > 0 ? ", " : " or ")}${more > 0 ? ` or ${more} other type${more === 1 ? "" : "s"}` : ""}`;
}

/**
 * Why `action` cannot act on `resource`, in a sentence, or undefined when it can (or when the
 * catalog cannot tell: an unknown action, `*`, or a resource type it has no ARN format for).
 */
export function resourceMismatch(actionName: string, resource: string): string | undefined {
  const action = findAction(actionName);
  if (!action || resource === "*" || !resource.startsWith("arn:")) return undefined;
  if (action.wildcardOnly) {
    return `${action.id} acts on no particular resource: AWS authorizes it on "*", never on ${describeResource(resource)} (${resource}). Simulate it with the resource *.`;
  }
  // A type the reference names without an ARN format: the catalog cannot say the pair is wrong.
  if (action.resourceTypes.some((t) => !findResourceType(action.service, t.name))) return undefined;
  if (action.resourceTypes.some((t) => resourceFitsType(resource, action.service, t.name))) return undefined;
  return `${action.id} does not act on ${describeResource(resource)} (${resource}): it acts on ${describeTypes(action)}. Simulated, the pair could only be an implicit deny that says nothing about the caller.`;
}
