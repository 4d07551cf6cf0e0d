// One process runs an archive's queue at a time (the app, `jobs run`, a `batch`): two
// runners would both resume the same interrupted job and read its pages twice. The lock is
// a file holding the owner's pid; a lock whose process is gone (killed, crashed) is taken
// over. Other processes still add jobs; the owner picks them up. Plain Node.
import fs from 'node:fs';

export class QueueLock {
  private held = false;

  constructor(private readonly file: string) {}

  /** True when this process now runs the queue. */
  acquire(): boolean {
    if (this.held) return true;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(this.file, String(process.pid), { flag: 'wx', mode: 0o600 });
        this.held = true;
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = this.owner();
      if (owner !== null && owner !== process.pid && isAlive(owner)) return false;
      fs.rmSync(this.file, { force: true }); // stale: its process is gone
    }
    return false;
  }

  /** Another live process runs this archive's queue (and may be mid-run: leave its rows alone). */
  heldByAnotherProcess(): boolean {
    const owner = this.owner();
    return owner !== null && owner !== process.pid && isAlive(owner);
  }

  /** The pid of the process running the queue, if any. */
  owner(): number | null {
    try {
      const pid = Number(fs.readFileSync(this.file, 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    if (this.owner() === process.pid) fs.rmSync(this.file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
