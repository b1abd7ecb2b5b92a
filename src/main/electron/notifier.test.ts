// The Electron binary cannot run here: its Notification is the one thing mocked.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import type { Alert } from '../../shared/alerts.js';
import { desktopNotifier } from './notifier.js';

const state = vi.hoisted(() => ({
  shown: [] as { options: Record<string, unknown>; click?: () => void }[],
  supported: true,
}));
const shown = state.shown;
vi.mock('electron', () => ({
  Notification: class {
    static isSupported = () => state.supported;
    private readonly entry: (typeof state.shown)[number];
    constructor(options: Record<string, unknown>) {
      this.entry = { options };
    }
    on(event: string, listener: () => void) {
      if (event === 'click') this.entry.click = listener;
    }
    show() {
      state.shown.push(this.entry);
    }
  },
}));

const alert = { id: 1, kind: 'host-unreachable' } as Alert;

beforeEach(() => {
  shown.length = 0;
  state.supported = true;
});

describe('desktopNotifier', () => {
  it('shows raises with sound, resolutions silently; a click opens the events list', () => {
    const calls: string[] = [];
    const window = {
      isDestroyed: () => false,
      isMinimized: () => true,
      restore: () => calls.push('restore'),
      focus: () => calls.push('focus'),
      webContents: {
        executeJavaScript: (code: string) => {
          calls.push(code);
          return Promise.resolve();
        },
      },
    } as unknown as BrowserWindow;
    const notifier = desktopNotifier(() => window);
    notifier.notify({ title: 'Host unreachable: drvlab3', body: 'lost' }, 'raised', alert);
    notifier.notify({ title: 'Resolved: Host unreachable', body: 'drvlab3' }, 'resolved', alert);
    expect(shown.map((s) => s.options)).toEqual([
      { title: 'Host unreachable: drvlab3', body: 'lost', silent: false },
      { title: 'Resolved: Host unreachable', body: 'drvlab3', silent: true },
    ]);
    shown[0]!.click!();
    expect(calls).toEqual(['restore', 'focus', "location.hash = '#/alerts'"]);
  });

  it('does nothing where the desktop has no notifications, or the window is gone', () => {
    const notifier = desktopNotifier(() => undefined);
    state.supported = false;
    notifier.notify({ title: 't', body: 'b' }, 'raised', alert);
    expect(shown).toEqual([]);
    state.supported = true;
    notifier.notify({ title: 't', body: 'b' }, 'raised', alert);
    expect(() => shown[0]!.click!()).not.toThrow();
  });
});
