import { useToasts } from '../stores/toasts';
import { AlertIcon, CheckCircleIcon, CloseIcon, InfoIcon } from './Icons';
import { IconButton } from './IconButton';

/** Confirmations in the corner. A polite live region; each toast can be dismissed. */
export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toaster" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => {
        const Icon = t.tone === 'ok' ? CheckCircleIcon : t.tone === 'info' ? InfoIcon : AlertIcon;
        return (
          <div key={t.id} className={`toast toast--${t.tone}`}>
            <Icon size={16} className="icon toast__icon" />
            <div className="toast__content">
              <p className="toast__title">{t.title}</p>
              {t.body ? <p className="toast__body">{t.body}</p> : null}
              {t.href ? (
                <a
                  className="toast__link"
                  href={t.href}
                  onClick={() => {
                    t.onFollow?.();
                    dismiss(t.id);
                  }}
                >
                  Show in alerts
                </a>
              ) : null}
            </div>
            <IconButton
              className="toast__close"
              label="Dismiss notification"
              onClick={() => dismiss(t.id)}
              icon={<CloseIcon size={14} />}
            />
          </div>
        );
      })}
    </div>
  );
}
