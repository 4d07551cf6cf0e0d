// Watched folders: new PDFs that appear are imported and processed like a batch. Polls
// rather than relying on fs.watch (unreliable on network drives and some file systems),
// and takes a file only once its size and time stopped changing between two polls, so a
// scan still being written is not read half-way. Plain Node.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { WatchedFolder } from '../../../../shared/jobs';
import { collectFiles } from '../importer/collect-files';

export interface ArrivedFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface FolderWatcherOptions {
  readonly folders: () => readonly WatchedFolder[];
  /** Whether this version of the file was already queued (it survives restarts). */
  readonly known: (file: ArrivedFile) => boolean;
  readonly onFiles: (folder: WatchedFolder, files: readonly ArrivedFile[]) => Promise<void>;
  readonly intervalMs?: number;
  readonly onError?: (folder: string, err: unknown) => void;
}

export class FolderWatcher {
  private timer: NodeJS.Timeout | null = null;
  /** path -> size:mtime seen at the last poll; a file is taken when it is the same twice. */
  private readonly lastSeen = new Map<string, string>();
  private polling: Promise<void> | null = null;

  constructor(private readonly options: FolderWatcherOptions) {}

  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      this.polling ??= this.poll().finally(() => (this.polling = null));
    };
    this.timer = setInterval(tick, this.options.intervalMs ?? 3000);
    tick();
  }

  /** One pass over every watched folder (the timer calls it; tests may too). */
  async poll(): Promise<void> {
    for (const folder of this.options.folders()) {
      try {
        const { files } = await collectFiles([folder.folder]);
        const ready: ArrivedFile[] = [];
        for (const file of files) {
          const stat = await fs.stat(file).catch(() => null);
          if (!stat?.isFile()) continue;
          const signature = `${stat.size}:${stat.mtimeMs}`;
          const stable = this.lastSeen.get(file) === signature;
          this.lastSeen.set(file, signature);
          const arrived = { path: path.resolve(file), name: path.basename(file), size: stat.size, mtimeMs: stat.mtimeMs };
          if (stable && stat.size > 0 && !this.options.known(arrived)) ready.push(arrived);
        }
        if (ready.length > 0) await this.options.onFiles(folder, ready);
      } catch (err) {
        this.options.onError?.(folder.folder, err);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }
}
