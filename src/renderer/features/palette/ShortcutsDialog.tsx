import { Dialog } from '../../components/Dialog';
import { shortcuts } from './shortcuts';

/** "?": the keyboard shortcuts, from the same table the handler uses. */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog open title="Keyboard shortcuts" onClose={onClose} size="sm">
      <dl className="shortcut-list">
        {shortcuts.map((s) => (
          <div key={s.does} className="shortcut-list__row">
            <dt>
              {s.keys.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">Shortcuts do nothing while you type in a field or a terminal.</p>
    </Dialog>
  );
}
