// Which server slot a call goes to. Calls with the same key (one run's document) go back to the
// slot that served the key before, so the server's prompt cache there still holds the document
// and only the question is evaluated. A new key takes the free slot used longest ago. Pure.
export class SlotPinning {
  /** The key each slot last served. */
  private readonly owner: Array<string | undefined>;
  private readonly busy: boolean[];
  private readonly lastUsed: number[];
  private clock = 0;

  constructor(readonly size: number) {
    this.owner = Array.from({ length: size }, () => undefined);
    this.busy = Array.from({ length: size }, () => false);
    this.lastUsed = Array.from({ length: size }, () => 0);
  }

  /** A free slot for `key`, or undefined when all are busy (the server then chooses). */
  acquire(key: string | undefined): number | undefined {
    let slot = key === undefined ? -1 : this.owner.findIndex((o, i) => o === key && !this.busy[i]);
    if (slot < 0) {
      let best = -1;
      for (let i = 0; i < this.size; i += 1) {
        if (this.busy[i]) continue;
        if (best < 0 || this.lastUsed[i]! < this.lastUsed[best]!) best = i;
      }
      if (best < 0) return undefined;
      slot = best;
    }
    this.busy[slot] = true;
    this.owner[slot] = key;
    this.lastUsed[slot] = (this.clock += 1);
    return slot;
  }

  release(slot: number | undefined): void {
    if (slot !== undefined) this.busy[slot] = false;
  }
}
