// Who may use the one pdf.js worker now. The reader's full-size drawings (the pages in view and
// those drawn ahead) come first; the rail's thumbnails draw only while the reader is idle: the
// current page is on screen and no full-size drawing is in flight. A thumbnail being drawn when
// a full-size drawing starts is called off (and asked for again later), so a page turned or
// jumped to never waits behind the rail.

type Listener = () => void;

export class DrawGate {
  private inFlight = 0;
  private currentDrawn = false;
  private readonly idleWaiters = new Set<Listener>();
  private readonly busyListeners = new Set<Listener>();

  /** Whether a thumbnail may be drawn now. */
  get idle(): boolean {
    return this.inFlight === 0 && this.currentDrawn;
  }

  /** A full-size drawing starts; call the returned function (once) when it ends, drawn or not. */
  begin(): () => void {
    const wasIdle = this.idle;
    this.inFlight++;
    if (wasIdle) this.notifyBusy();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      this.notifyIdle();
    };
  }

  /** Whether the page the reader is on is drawn (false while it is being drawn, after a turn or a jump). */
  setCurrentDrawn(drawn: boolean): void {
    if (drawn === this.currentDrawn) return;
    const wasIdle = this.idle;
    this.currentDrawn = drawn;
    if (wasIdle && !this.idle) this.notifyBusy();
    this.notifyIdle();
  }

  /** Resolves once the gate is idle (at once when it is). */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.add(resolve);
    });
  }

  /** Calls `listener` each time the gate stops being idle; returns the unsubscribe. */
  onBusy(listener: Listener): () => void {
    this.busyListeners.add(listener);
    return () => this.busyListeners.delete(listener);
  }

  private notifyIdle(): void {
    if (!this.idle) return;
    const waiters = [...this.idleWaiters];
    this.idleWaiters.clear();
    for (const resolve of waiters) resolve();
  }

  private notifyBusy(): void {
    for (const listener of [...this.busyListeners]) listener();
  }
}
