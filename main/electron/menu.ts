import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The counter window's menu: editing and zoom; developer tools only in development. Kiosks get none. */
export function installMenu(mode: 'counter' | 'kiosk', devTools: boolean): void {
  if (mode === 'kiosk') {
    Menu.setApplicationMenu(null);
    return;
  }
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  if (devTools) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { label: 'File', submenu: [{ role: 'quit' }] },
      { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
      { label: 'View', submenu: view },
    ]),
  );
}
