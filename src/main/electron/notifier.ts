// Alerts as desktop notifications (the core hands each raise and resolve to a Notifier; only the
// Electron shell has one). A click brings the window forward on the events list.
import { Notification, type BrowserWindow } from 'electron';
import type { Notifier } from '../alerts/service.js';

export function desktopNotifier(window: () => BrowserWindow | undefined): Notifier {
  return {
    notify({ title, body }, change) {
      if (!Notification.isSupported()) return;
      // Resolutions are good news: shown, but without a sound.
      const notification = new Notification({ title, body, silent: change === 'resolved' });
      notification.on('click', () => {
        const w = window();
        if (!w || w.isDestroyed()) return;
        if (w.isMinimized()) w.restore();
        w.focus();
        void w.webContents.executeJavaScript("location.hash = '#/alerts'");
      });
      notification.show();
    },
  };
}
