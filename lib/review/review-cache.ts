/**
 * Results computed once per version and kept: the console's review of an account costs seconds
 * to minutes on a large workspace, so it runs in the background, a slice at a time, and every page
 * view reads what it left. A key's value is recomputed only when its version changes; meanwhile
 * the previous version's value stays readable as stale, and the computation reports its progress.
 *
 * A computation is an async generator: it may await (reading the database), and it yields its
 * progress between synchronous steps. The runner gives the event loop back whenever a slice has
 * run longer than `sliceMs`, so the server answers other requests while it computes. One
 * computation runs at a time; the others wait their turn in order.
 *
 * The console runs one server process per core, each with its own cache. With `shared`, they
 * share results: one process claims a key's version and computes it, the others show its progress
 * and load what it stored, so a review is computed once, not once per process.
 */

/** A computation: yields progress, returns the value. */
export type Computation<T, P> = AsyncGenerator<P, T, void>;

export type CacheState<T, P> =
  | { state: "ready"; version: string; value: T }
  | {
      state: "computing";
      version: string;
      /** Undefined until the computation has started (it may wait behind another). */
      progress?: P;
      /** Computations ahead of this one in this process. */
      waiting: number;
      /** The last version's value, while this one is computed. */
      stale?: { version: string; value: T };
    }
  | { state: "failed"; version: string; error: unknown; stale?: { version: string; value: T } };

/** Results shared between processes (see the module's comment); every method may fail quietly. */
export interface SharedResults<T, P> {
  /** The value a process stored for the key's version, if any. */
  load(key: string, version: string): Promise<T | undefined>;
  /** Stores the value for the other processes. */
  save(key: string, version: string, value: T): Promise<void>;
  /** Claims the computation of the key's version: false when a live process holds the claim. */
  claim(key: string, version: string): Promise<boolean>;
  /** The progress the claim's holder last reported; undefined once nobody holds it. */
  progress(key: string, version: string): Promise<P | undefined>;
  /** Reports progress under the claim, or (undefined) gives it up. */
  report(key: string, version: string, progress: P | undefined): void;
}

export interface BackgroundCacheOptions<T, P> {
  /** Keys kept in memory (computing ones are never dropped); the least recently read goes first. Default 4. */
  limit?: number;
  /** A value's weight (its size, roughly), and the most the kept values may weigh: the last read stays whatever it weighs. */
  weigh?: (value: T) => number;
  maxWeight?: number;
  /** How long a slice of computation may hold the event loop before giving it back. Default 40 ms. */
  sliceMs?: number;
  /** A monotonic clock in milliseconds (performance.now by default): for slices, never for results. */
  clock?: () => number;
  /** Gives the event loop back; setImmediate by default. */
  yieldToLoop?: () => Promise<void>;
  /** Waits `ms` (setTimeout by default): between looks at another process's progress. */
  sleep?: (ms: number) => Promise<void>;
  shared?: SharedResults<T, P>;
  /** How often progress is reported to the other processes, and they look at it. Default 500 ms. */
  shareEveryMs?: number;
}

/** Thrown to those waiting for a version that a newer one replaced before it was ready. */
export class SupersededError extends Error {
  constructor(
    readonly key: string,
    readonly version: string,
  ) {
    super(`The result for ${key} at version ${version} was replaced by a newer version before it was ready`);
    this.name = "SupersededError";
  }
}

type Job<T, P> = {
  version: string;
  start: () => Computation<T, P>;
  progress?: P;
  cancelled: boolean;
  done: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
};

type Entry<T, P> = {
  ready?: { version: string; value: T };
  failed?: { version: string; error: unknown };
  job?: Job<T, P>;
};

export class BackgroundCache<T, P> {
  private readonly entries = new Map<string, Entry<T, P>>();
  private readonly queue: { key: string; job: Job<T, P> }[] = [];
  private running: { key: string; job: Job<T, P> } | undefined;
  private readonly limit: number;
  private readonly weigh: (value: T) => number;
  private readonly maxWeight: number;
  private readonly sliceMs: number;
  private readonly clock: () => number;
  private readonly yieldToLoop: () => Promise<void>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly shared: SharedResults<T, P> | undefined;
  private readonly shareEveryMs: number;
  /** How many computations this process ran, per key (loads of a shared result not counted). */
  readonly runs = new Map<string, number>();

  constructor(options: BackgroundCacheOptions<T, P> = {}) {
    this.limit = options.limit ?? 4;
    this.weigh = options.weigh ?? (() => 0);
    this.maxWeight = options.maxWeight ?? Infinity;
    this.sliceMs = options.sliceMs ?? 40;
    this.clock = options.clock ?? (() => performance.now());
    this.yieldToLoop = options.yieldToLoop ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.shared = options.shared;
    this.shareEveryMs = options.shareEveryMs ?? 500;
  }

  /**
   * What is known of `key` at `version`, starting its computation (`start`) when nothing is:
   * never waits for it. An older version's value is offered as stale while the new one computes.
   */
  peek(key: string, version: string, start: () => Computation<T, P>): CacheState<T, P> {
    const entry = this.touch(key);
    if (entry.ready?.version === version) return { state: "ready", version, value: entry.ready.value };
    const stale = entry.ready;
    if (entry.failed?.version === version) return { state: "failed", version, error: entry.failed.error, ...(stale ? { stale } : {}) };
    const job = this.ensureJob(key, entry, version, start);
    const position = this.queue.findIndex((q) => q.job === job);
    return { state: "computing", version, progress: job.progress, waiting: position < 0 ? 0 : position + (this.running ? 1 : 0), ...(stale ? { stale } : {}) };
  }

  /** The value of `key` at `version`, computed (or waited for) as needed. */
  async get(key: string, version: string, start: () => Computation<T, P>): Promise<T> {
    const entry = this.touch(key);
    if (entry.ready?.version === version) return entry.ready.value;
    if (entry.failed?.version === version) throw entry.failed.error;
    return this.ensureJob(key, entry, version, start).done;
  }

  /** Forgets every key (a test's fresh start). */
  clear(): void {
    for (const { key, job } of [...this.queue, ...(this.running ? [this.running] : [])]) this.cancel(key, job);
    this.queue.length = 0;
    this.entries.clear();
    this.runs.clear();
  }

  private touch(key: string): Entry<T, P> {
    let entry = this.entries.get(key);
    if (entry) this.entries.delete(key);
    else entry = {};
    // Map order is the order of last reads: the first key is the least recently read.
    this.entries.set(key, entry);
    this.evict();
    return entry;
  }

  private evict(): void {
    const weightOf = (entry: Entry<T, P>) => (entry.ready ? this.weigh(entry.ready.value) : 0);
    let weight = 0;
    for (const entry of this.entries.values()) weight += weightOf(entry);
    let left = this.entries.size;
    for (const [key, entry] of this.entries) {
      // The last entry is the one just read: it stays.
      if (--left === 0 || (this.entries.size <= this.limit && weight <= this.maxWeight)) return;
      if (entry.job) continue;
      weight -= weightOf(entry);
      this.entries.delete(key);
    }
  }

  private ensureJob(key: string, entry: Entry<T, P>, version: string, start: () => Computation<T, P>): Job<T, P> {
    if (entry.job?.version === version) return entry.job;
    // A newer version replaces the one being computed: finishing it would be wasted work.
    if (entry.job) this.cancel(key, entry.job);
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be waiting on `done`; a failure is still reported through peek.
    done.catch(() => undefined);
    const job: Job<T, P> = { version, start, cancelled: false, done, resolve, reject };
    entry.job = job;
    this.queue.push({ key, job });
    void this.pump();
    return job;
  }

  private cancel(key: string, job: Job<T, P>): void {
    if (job.cancelled) return;
    job.cancelled = true;
    const queued = this.queue.findIndex((q) => q.job === job);
    if (queued >= 0) this.queue.splice(queued, 1);
    job.reject(new SupersededError(key, job.version));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = next;
    try {
      await this.run(next.key, next.job);
    } finally {
      this.running = undefined;
      void this.pump();
    }
  }

  private async run(key: string, job: Job<T, P>): Promise<void> {
    // Start on a later turn of the loop: the request that asked gets its answer first.
    await this.yieldToLoop();
    if (job.cancelled) return;
    try {
      const value = await this.obtain(key, job);
      if (value !== undefined) this.settle(key, job, { value: value.value });
    } catch (error) {
      if (!job.cancelled) this.settle(key, job, { error });
    }
  }

  /** The value from another process (stored, or once it is), or computed here; undefined when cancelled. */
  private async obtain(key: string, job: Job<T, P>): Promise<{ value: T } | undefined> {
    const { shared } = this;
    if (!shared) return this.compute(key, job);
    for (;;) {
      const stored = await quietly(() => shared.load(key, job.version));
      if (job.cancelled) return undefined;
      if (stored !== undefined) return { value: stored };
      if ((await quietly(() => shared.claim(key, job.version))) !== false) break;
      // Another process computes it: show its progress until it stores the result or gives up.
      const progress = await quietly(() => shared.progress(key, job.version));
      if (progress !== undefined) job.progress = progress;
      await this.sleep(this.shareEveryMs);
      if (job.cancelled) return undefined;
    }
    try {
      const computed = await this.compute(key, job);
      if (computed) await quietly(() => shared.save(key, job.version, computed.value));
      return computed;
    } finally {
      shared.report(key, job.version, undefined);
    }
  }

  private async compute(key: string, job: Job<T, P>): Promise<{ value: T } | undefined> {
    this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
    const steps = job.start();
    let sliceStart = this.clock();
    let reported = -Infinity;
    for (;;) {
      const step = await steps.next();
      if (job.cancelled) {
        await steps.return(undefined as T);
        return undefined;
      }
      if (step.done) return { value: step.value };
      job.progress = step.value;
      const now = this.clock();
      if (this.shared && now - reported >= this.shareEveryMs) {
        this.shared.report(key, job.version, step.value);
        reported = now;
      }
      if (now - sliceStart >= this.sliceMs) {
        await this.yieldToLoop();
        sliceStart = this.clock();
      }
    }
  }

  private settle(key: string, job: Job<T, P>, outcome: { value: T } | { error: unknown }): void {
    const entry = this.entries.get(key) ?? {};
    if (entry.job === job) entry.job = undefined;
    if ("value" in outcome) {
      entry.ready = { version: job.version, value: outcome.value };
      entry.failed = undefined;
      job.resolve(outcome.value);
    } else {
      entry.failed = { version: job.version, error: outcome.error };
      job.reject(outcome.error);
    }
    // A key dropped while it computed comes back: its value was paid for.
    if (!this.entries.has(key)) this.entries.set(key, entry);
    this.evict();
  }
}

/** A shared store's failure is no reason to fail: the value is computed here instead. */
async function quietly<R>(run: () => Promise<R> | R): Promise<R | undefined> {
  try {
    return await run();
  } catch {
    return undefined;
  }
}
