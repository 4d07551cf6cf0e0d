// The application menu. Built by hand so that Ctrl +/-/0 reach the PDF viewer's own zoom
// instead of zooming the whole window, and so no item loads remote content.
import { Menu, type MenuItemConstructorOptions } from 'electron';

/** File-menu actions on the whole archive (they open native dialogs themselves). */
export interface ArchiveMenuActions {
  backup(): void;
  restore(): void;
  /** Locks the app (also Ctrl+L / Cmd+L). */
  lock(): void;
}

/** Help-menu actions. */
export interface HelpMenuActions {
  /** Opens the first-run welcome again (where the archive lives, encryption, a model, the samples). */
  welcome(): void;
  /** Says which version runs and where updates come from; nothing is fetched (see update-check). */
  checkForUpdates(): void;
}

export function installMenu(isDev: boolean, archive?: ArchiveMenuActions, help?: HelpMenuActions): void {
  const isMac = process.platform === 'darwin';
  const fileMenu: MenuItemConstructorOptions = archive
    ? {
        label: 'File',
        submenu: [
          { label: 'Back up archive…', click: () => archive.backup() },
          { label: 'Restore from backup…', click: () => archive.restore() },
          { type: 'separator' },
          { label: 'Lock Abstractor', accelerator: 'CmdOrCtrl+L', click: () => archive.lock() },
          { type: 'separator' },
          isMac ? { role: 'close' } : { role: 'quit' },
        ],
      }
    : { role: 'fileMenu' };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    fileMenu,
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(isDev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    ...(help
      ? [
          {
            role: 'help' as const,
            submenu: [
              { label: 'Welcome to Abstractor…', click: () => help.welcome() },
              { type: 'separator' as const },
              { label: 'Check for updates…', click: () => help.checkForUpdates() },
            ],
          },
        ]
      : []),
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
