/**
 * The signatures STS has accepted, each until its request's 15-minute window closes. SigV4 alone
 * lets a captured request be sent again within that window; Roleplay answers each signature once.
 * SDKs sign every attempt anew (their invocation id and attempt count are signed headers), so
 * only a copy of an earlier request is refused. Bounded: past `capacity`, the signatures whose
 * window closes first are dropped.
 */
export class SeenSignatures {
  private readonly until = new Map<string, number>();
  // A min-heap on `until`, so the next signature to forget is found without a scan.
  private readonly heap: { signature: string; until: number }[] = [];

  constructor(private readonly capacity = 100_000) {}

  get size(): number {
    return this.until.size;
  }

  /** Records `signature` as used until `untilMs`; false when it was already recorded. */
  firstUse(signature: string, untilMs: number): boolean {
    if (this.until.has(signature)) return false;
    this.until.set(signature, untilMs);
    this.push({ signature, until: untilMs });
    while (this.until.size > this.capacity) this.dropFirst();
    return true;
  }

  /** Forgets signatures whose window closed before `nowMs`. */
  forgetBefore(nowMs: number): void {
    while (this.heap.length > 0 && this.heap[0].until < nowMs) this.dropFirst();
  }

  private dropFirst(): void {
    const top = this.pop();
    if (top && this.until.get(top.signature) === top.until) this.until.delete(top.signature);
  }

  private push(entry: { signature: string; until: number }): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].until <= heap[i].until) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  private pop(): { signature: string; until: number } | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heap[left].until < heap[smallest].until) smallest = left;
        if (right < heap.length && heap[right].until < heap[smallest].until) smallest = right;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}
