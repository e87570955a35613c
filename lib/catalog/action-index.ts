/**
 * The whole catalog as flat arrays, for passes over every action (effective-permission
 * summaries): lower-cased ids, access levels as small integers and each service's index range.
 */
import { ACCESS_LEVELS } from "./access-level";
import { listAllActions, type CatalogAction } from "./actions";
import { findService } from "./services";

export interface ServiceRange {
  prefix: string;
  name: string;
  start: number;
  end: number;
}

export interface ActionIndex {
  actions: CatalogAction[];
  lowerIds: string[];
  /** Index into ACCESS_LEVELS per action. */
  levels: Uint8Array;
  /** Index into `services` per action. */
  serviceOf: Uint16Array;
  services: ServiceRange[];
  byService: Map<string, ServiceRange>;
  byLowerId: Map<string, number>;
}

let index: ActionIndex | undefined;

/** Builds (once) and returns the flat index of every catalog action. */
export function actionIndex(): ActionIndex {
  if (index) return index;
  const actions = listAllActions();
  const lowerIds = actions.map((a) => a.id.toLowerCase());
  const levels = new Uint8Array(actions.length);
  const serviceOf = new Uint16Array(actions.length);
  const services: ServiceRange[] = [];
  actions.forEach((action, i) => {
    levels[i] = ACCESS_LEVELS.indexOf(action.accessLevel);
    const last = services[services.length - 1];
    if (last && last.prefix === action.service) last.end = i + 1;
    else services.push({ prefix: action.service, name: findService(action.service)?.name ?? action.service, start: i, end: i + 1 });
    serviceOf[i] = services.length - 1;
  });
  index = {
    actions,
    lowerIds,
    levels,
    serviceOf,
    services,
    byService: new Map(services.map((s) => [s.prefix, s])),
    byLowerId: new Map(lowerIds.map((id, i) => [id, i])),
  };
  return index;
}
