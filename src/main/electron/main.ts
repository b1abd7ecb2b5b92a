// The Electron entry: one core, one window, the IPC binding. The only module that imports
// electron besides the window-security helpers; everything else is shared with web mode.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, safeStorage } from 'electron';
import { ipcChannels } from '../../shared/ipc.js';
import { createCore, type Core } from '../core/core.js';
import { bindIpc, trustedFrameCheck } from '../ipc/binding.js';
import { resolveDataDir } from '../paths.js';
import { chooseSecretStorage } from '../secrets/secret-box.js';
import { localContext } from '../rpc/context.js';
import { splitGlobals } from '../cli/main.js';
import { desktopNotifier } from './notifier.js';
import { lockDown, secureWebPreferences } from './security.js';

const rendererIndex = path.resolve(__dirname, '..', '..', 'renderer', 'index.html');
const preloadScript = path.resolve(__dirname, '..', '..', 'preload', 'index.js');
const indexUrl = pathToFileURL(rendererIndex).toString();
const isAppUrl = trustedFrameCheck(indexUrl);

function createWindow(core: Core): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Drover',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#111418' : '#f6f7f9',
    webPreferences: secureWebPreferences(preloadScript),
  });
  lockDown(window.webContents, isAppUrl);
  const unsubscribe = core.events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(ipcChannels.event, event);
  });
  window.on('closed', unsubscribe);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(indexUrl);
  return window;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const { flags } = splitGlobals(process.argv.slice(1));
  let window: BrowserWindow | undefined;
  const dataDir = resolveDataDir(flags.dataDir, process.env, app.getPath('userData'));
  const secrets = chooseSecretStorage(safeStorage);
  const core = createCore({
    dataDir,
    shell: 'electron',
    osEncryption: secrets.osEncryption,
    earlierOsEncryption: secrets.earlierOsEncryption,
    secretStorageReason: secrets.reason,
    connectHosts: true,
    notifier: desktopNotifier(() => window),
  });
  bindIpc({
    ipcMain,
    dispatch: core.dispatch,
    context: localContext('electron'),
    isTrustedFrame: isAppUrl,
  });
  window = createWindow(core);
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow(core);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => core.close());
}

start().catch((error: unknown) => {
  console.error('Drover failed to start:', error);
  // A data folder held by another console, a busy or unreadable database: said in a window,
  // since a desktop user started us without a terminal to read.
  if (app.isReady()) dialog.showErrorBox('Drover cannot start', (error as Error).message);
  app.exit(1);
});
