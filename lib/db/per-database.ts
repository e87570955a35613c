/**
 * Caches that belong to one database: a workspace is a file of its own, and two workspaces hold the
 * same account ids, ARNs and even audit ids (both copied from the demo), so a cache keyed by those
 * alone would hand one workspace's answer to another. Keyed by the client object instead, a cache
 * lives and dies with its file's client (a workspace deleted and made again gets a new client).
 */
const caches = new WeakMap<object, Map<string, Map<string, unknown>>>();

/** The cache called `name` of database client `db` (created empty on first use). */
export function cacheOf<V>(db: object, name: string): Map<string, V> {
  let named = caches.get(db);
  if (!named) {
    named = new Map();
    caches.set(db, named);
  }
  let cache = named.get(name);
  if (!cache) {
    cache = new Map();
    named.set(name, cache);
  }
  return cache as Map<string, V>;
}
