/**
 * A simulation as the URL holds it, so that a link reproduces it: the caller, the actions, the
 * resources and the reader's changes to the request keys (the keys AWS sets are recomputed; only
 * what the reader added, changed or took away travels).
 *
 *   ?caller=user:ARN | role:ARN | instance:i-… | task:ID | policy   (&doc=POLICY for a pasted policy)
 *   &sp=SESSION_POLICY  &a=ACTION…  &r=RESOURCE…  &set=KEY=VALUE…  &unset=KEY…
 */
import type { CallerSpec, ContextEdits } from "@/lib/simulation/simulate-batch";

export type SimulationState = {
  caller: CallerSpec | null;
  actions: string[];
  resources: string[];
  edits: ContextEdits;
};

export const emptySimulation: SimulationState = { caller: null, actions: [], resources: [], edits: { set: {}, unset: [] } };

type Params = { get(name: string): string | null; getAll(name: string): string[] };

function readCaller(params: Params): CallerSpec | null {
  const raw = params.get("caller");
  if (!raw) return null;
  if (raw === "policy") {
    const document = params.get("doc");
    return document ? { kind: "policy", document } : null;
  }
  const colon = raw.indexOf(":");
  const kind = raw.slice(0, colon);
  const value = raw.slice(colon + 1);
  if (!value) return null;
  if (kind === "user") return { kind, arn: value };
  if (kind === "role") {
    const sessionPolicy = params.get("sp");
    return sessionPolicy ? { kind, arn: value, sessionPolicy } : { kind, arn: value };
  }
  if (kind === "instance" || kind === "task") return { kind, id: value };
  return null;
}

/** Reads the simulation from search parameters; anything unreadable is left out. */
export function readSimulation(params: Params): SimulationState {
  const set: Record<string, string | string[]> = {};
  for (const entry of params.getAll("set")) {
    const at = entry.indexOf("=");
    if (at <= 0) continue;
    const key = entry.slice(0, at);
    const value = entry.slice(at + 1);
    const before = set[key];
    set[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return {
    caller: readCaller(params),
    actions: params.getAll("a").filter(Boolean),
    resources: params.getAll("r").filter(Boolean),
    edits: { set, unset: params.getAll("unset").filter(Boolean) },
  };
}

/** The search parameters of a simulation (the inverse of readSimulation). */
export function writeSimulation(state: SimulationState): URLSearchParams {
  const params = new URLSearchParams();
  const caller = state.caller;
  if (caller) {
    if (caller.kind === "policy") {
      params.set("caller", "policy");
      params.set("doc", caller.document);
    } else if (caller.kind === "user" || caller.kind === "role") {
      params.set("caller", `${caller.kind}:${caller.arn}`);
      if (caller.kind === "role" && caller.sessionPolicy) params.set("sp", caller.sessionPolicy);
    } else {
      params.set("caller", `${caller.kind}:${caller.id}`);
    }
  }
  for (const a of state.actions) params.append("a", a);
  for (const r of state.resources) params.append("r", r);
  for (const [key, value] of Object.entries(state.edits.set)) for (const v of Array.isArray(value) ? value : [value]) params.append("set", `${key}=${v}`);
  for (const key of state.edits.unset) params.append("unset", key);
  return params;
}

/** True when the simulation names everything a run needs. */
export function isRunnable(state: SimulationState): state is SimulationState & { caller: CallerSpec } {
  return state.caller !== null && state.actions.length > 0 && state.resources.length > 0;
}

/** A caller in a line, for headings and exports. */
export function describeCaller(caller: CallerSpec): string {
  switch (caller.kind) {
    case "user":
      return `user ${caller.arn}`;
    case "role":
      return `role ${caller.arn} as a session${caller.sessionPolicy ? " with a session policy" : ""}`;
    case "instance":
      return `instance ${caller.id}`;
    case "task":
      return `ECS task ${caller.id}`;
    case "policy":
      return "a pasted policy";
  }
}

/** The key AWS sets on iam:PassRole requests: the service the role is handed to. */
export const passedToServiceKey = "iam:PassedToService";

/** Services a role is most often handed to, for the simulator's one-click choices. */
export const passRoleServices = [
  { service: "ec2.amazonaws.com", label: "EC2 (instance profile)" },
  { service: "ecs-tasks.amazonaws.com", label: "ECS tasks" },
  { service: "lambda.amazonaws.com", label: "Lambda" },
] as const;

/**
 * Whether the simulation asks iam:PassRole (AWS always sends iam:PassedToService with it, and
 * PassRole grants usually test it), and the service it names, if the reader set one.
 */
export function passRoleContext(state: Pick<SimulationState, "actions" | "edits">): { asks: boolean; service?: string } {
  const asks = state.actions.some((a) => a.toLowerCase() === "iam:passrole");
  const key = Object.keys(state.edits.set).find((k) => k.toLowerCase() === passedToServiceKey.toLowerCase());
  const value = key === undefined ? undefined : state.edits.set[key];
  return { asks, ...(value !== undefined ? { service: Array.isArray(value) ? value.join(", ") : value } : {}) };
}

/** The edits with iam:PassedToService set to `service` (any other spelling of the key replaced). */
export function withPassedToService(edits: ContextEdits, service: string): ContextEdits {
  const set = Object.fromEntries(Object.entries(edits.set).filter(([k]) => k.toLowerCase() !== passedToServiceKey.toLowerCase()));
  return { set: { ...set, [passedToServiceKey]: service }, unset: edits.unset.filter((k) => k.toLowerCase() !== passedToServiceKey.toLowerCase()) };
}
