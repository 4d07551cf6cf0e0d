// The app lock: after the user-set idle time (default 15 minutes) or on request (Ctrl+L, the
// menu), the host refuses every call that could return document content (`app_locked`) until
// the user unlocks, and the page shows nothing of the archive. Unlocking takes the OS's user
// presence check where the desktop has one (Touch ID), else the archive's passphrase or
// recovery key; a plaintext archive has no secret to ask for, so there the lock only screens
// the documents from view (README: App lock). Plain Node: the host passes in the presence check.
import type { LockState } from '../../../shared/privacy';
import { AppError } from '../../../shared/errors';

export interface AppLockOptions {
  /** Seconds without input before locking, read at each reset (the setting may change). */
  idleSeconds(): number;
  /** Whether the open archive has a passphrase or recovery key to check. */
  hasSecret(): boolean;
  /** Whether `passphrase` (or the recovery key) opens the open archive. */
  verifyPassphrase(passphrase: string): Promise<boolean>;
  /** The OS's user presence check (macOS Touch ID); absent where there is none. */
  readonly presence?: () => Promise<boolean>;
  onChange(state: LockState): void;
  /** Locks and unlocks go to the access log. */
  onLog(action: 'locked' | 'unlocked'): void;
}

export class AppLock {
  private locked = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AppLockOptions) {
    this.restartTimer();
  }

  get isLocked(): boolean {
    return this.locked;
  }

  state(): LockState {
    const unlockWith = this.options.presence ? 'presence' : this.options.hasSecret() ? 'passphrase' : 'confirm';
    return { locked: this.locked, unlockWith, lockAfterSeconds: this.options.idleSeconds() };
  }

  lock(): LockState {
    if (!this.locked) {
      this.locked = true;
      this.clearTimer();
      this.options.onLog('locked');
      this.options.onChange(this.state());
    }
    return this.state();
  }

  async unlock(passphrase: string | undefined): Promise<LockState> {
    if (!this.locked) return this.state();
    const { unlockWith } = this.state();
    if (unlockWith === 'presence') {
      if (!(await this.options.presence!())) throw new AppError('forbidden', 'The user presence check did not succeed.');
    } else if (unlockWith === 'passphrase') {
      if (!passphrase) throw new AppError('wrong_passphrase', 'Enter the archive passphrase (or its recovery key) to unlock.');
      if (!(await this.options.verifyPassphrase(passphrase))) throw new AppError('wrong_passphrase', 'The passphrase (or recovery key) is not right for this archive.');
    }
    this.locked = false;
    this.options.onLog('unlocked');
    this.restartTimer();
    this.options.onChange(this.state());
    return this.state();
  }

  /** Input happened: the idle time starts again. */
  activity(): void {
    if (!this.locked) this.restartTimer();
  }

  /** The idle time changed: count it from now. */
  settingsChanged(): void {
    this.activity();
    this.options.onChange(this.state());
  }

  dispose(): void {
    this.clearTimer();
  }

  private restartTimer(): void {
    this.clearTimer();
    this.timer = setTimeout(() => this.lock(), this.options.idleSeconds() * 1000);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
