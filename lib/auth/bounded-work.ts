import { AppError } from "../errors";

/** Every slot is busy and the waiting line is full: the answer is "try again shortly". */
export class WorkQueueFull extends AppError {
  constructor(message: string) {
    super("LimitExceeded", message);
  }
}

/**
 * Runs at most `concurrency` tasks at once and lets at most `queue` more wait; anything beyond is
 * refused at once with `WorkQueueFull`, so a burst costs the server a bounded amount of work and
 * memory instead of an unbounded line of it.
 */
export class BoundedWork {
  readonly concurrency: number;
  readonly queue: number;
  readonly busyMessage: string;
  #running = 0;
  #waiting: (() => void)[] = [];
  /** Tasks started since creation (tests count the work a request caused). */
  started = 0;

  constructor(limits: { concurrency: number; queue: number; busyMessage: string }) {
    this.concurrency = limits.concurrency;
    this.queue = limits.queue;
    this.busyMessage = limits.busyMessage;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Whether `run` would refuse right now. */
  get full(): boolean {
    return this.#running >= this.concurrency && this.#waiting.length >= this.queue;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.queue) throw new WorkQueueFull(this.busyMessage);
      // The finishing task hands its slot over directly, so #running never dips in between.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    this.started++;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
