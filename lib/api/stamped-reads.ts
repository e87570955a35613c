/**
 * Reads of the IAM model shared between requests while nothing changed. Every change to the
 * workspace appends to the audit log (its triggers keep it append-only), so the newest audit id
 * is a version stamp of everything a decision reads: principals, policies, sessions, keys,
 * buckets, the clock. The endpoint asks for the stamp once per request; while it stays the same
 * (and for at most a second, for changes made outside the services), the same reads answer from
 * memory — concurrent requests share one query. Writes, transactions and object bodies always go
 * to the database.
 */
import type { Db } from "../db/create-client";

// Models whose rows decide requests; object bodies and the logs themselves are never cached.
const cachedModels = new Set([
  "account",
  "workspace",
  "organization",
  "orgNode",
  "orgPolicy",
  "user",
  "group",
  "groupMembership",
  "role",
  "inlinePolicy",
  "policyAttachment",
  "managedPolicy",
  "policyVersion",
  "retiredAwsPolicy",
  "instanceProfile",
  "instanceProfileAssociation",
  "instance",
  "bucket",
  "roleSession",
  "accessKey",
]);
const readMethods = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count"]);

export type StampedReads = {
  /** The client to read through: cached reads, everything else as is. */
  db: Db;
  /**
   * Reads the stamp for a request that arrived at `arrivedAt` (performance.now()); forgets every
   * cached read when it moved, or when the cache is `maxAgeMs` old.
   */
  refresh(arrivedAt: number): Promise<void>;
  /** Memoizes `load` under `key` until the cached reads are next forgotten. */
  remember<T>(key: string, load: () => Promise<T>): Promise<T>;
};

export function createStampedReads(db: Db, maxAgeMs = 1000): StampedReads {
  let stamp = -1;
  let since = 0;
  let cache = new Map<string, Promise<unknown>>();
  let refreshing: { startedAt: number; done: Promise<void> } | undefined;

  const delegates = new Map<string, unknown>();
  function delegate(model: string, real: Record<string, unknown>) {
    let proxy = delegates.get(model);
    if (!proxy) {
      proxy = new Proxy(real, {
        get(target, method: string) {
          const original = target[method];
          if (typeof original !== "function") return original;
          if (!readMethods.has(method)) return original.bind(target);
          return (args: unknown) => {
            const key = `${model}.${method}:${JSON.stringify(args ?? null)}`;
            let hit = cache.get(key);
            if (!hit) {
              const current = cache;
              hit = (original.call(target, args) as Promise<unknown>).then(
                (value) => value,
                (error: unknown) => {
                  current.delete(key);
                  throw error;
                },
              );
              cache.set(key, hit);
            }
            return hit;
          };
        },
      });
      delegates.set(model, proxy);
    }
    return proxy;
  }

  const reader = new Proxy(db, {
    get(target, prop: string | symbol) {
      const value = (target as unknown as Record<string | symbol, unknown>)[prop];
      if (typeof prop === "string" && cachedModels.has(prop) && value && typeof value === "object") return delegate(prop, value as Record<string, unknown>);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });

  async function readStamp(startedAt: number) {
    // Raw: the newest id of the append-only log is one index lookup, asked on every request.
    const [latest] = await db.$queryRaw<{ id: number | bigint | null }[]>`SELECT MAX("id") AS "id" FROM "AuditEntry"`;
    const next = Number(latest?.id ?? 0);
    if (next !== stamp || startedAt - since > maxAgeMs) {
      stamp = next;
      since = startedAt;
      cache = new Map();
    }
  }

  return {
    db: reader,
    remember<T>(key: string, load: () => Promise<T>): Promise<T> {
      const id = `remembered:${key}`;
      let hit = cache.get(id) as Promise<T> | undefined;
      if (!hit) {
        const current = cache;
        hit = load().catch((error: unknown) => {
          current.delete(id);
          throw error;
        });
        cache.set(id, hit);
      }
      return hit;
    },
    refresh(arrivedAt: number) {
      // A stamp read that started after this request arrived sees every change answered before it;
      // concurrent requests share it. An older one might not: read anew.
      if (refreshing && refreshing.startedAt >= arrivedAt) return refreshing.done;
      const startedAt = performance.now();
      const current = { startedAt, done: readStamp(startedAt) };
      refreshing = current;
      void current.done
        .finally(() => {
          if (refreshing === current) refreshing = undefined;
        })
        .catch(() => undefined);
      return current.done;
    },
  };
}
