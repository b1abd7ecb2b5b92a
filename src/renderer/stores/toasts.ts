import { create } from 'zustand';

export type ToastTone = 'ok' | 'info' | 'warn' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body?: string;
  /** A link to where the toast's subject is shown (e.g. the alerts list). */
  href?: string;
  /** Runs as the link is followed (e.g. switching to the alert's environment). */
  onFollow?(): void;
}

interface ToastsState {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>, timeoutMs?: number): number;
  dismiss(id: number): void;
}

let nextId = 1;

/** Short confirmations of finished actions. Errors belong inline, where the action was taken. */
export const useToasts = create<ToastsState>()((set, get) => ({
  toasts: [],
  push(toast, timeoutMs = 5000) {
    const id = nextId++;
    // Keep at most four on screen; the oldest leaves first.
    set({ toasts: [...get().toasts.slice(-3), { ...toast, id }] });
    if (timeoutMs > 0) setTimeout(() => get().dismiss(id), timeoutMs);
    return id;
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
  },
}));

export const toast = (t: Omit<Toast, 'id'>, timeoutMs?: number): number =>
  useToasts.getState().push(t, timeoutMs);
