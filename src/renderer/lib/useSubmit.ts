import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './errors';

export interface Submit {
  busy: boolean;
  /** The form's error, shown above it; cleared when a submit starts. */
  error: string | null;
  setError(error: string | null): void;
  /**
   * Runs the work with busy set; a failure becomes the form's error unless `onError` takes it
   * (e.g. a taken name goes to its field). Resolves whether the work succeeded.
   */
  run(work: () => Promise<void>, onError?: (error: unknown) => boolean): Promise<boolean>;
}

/** The submit, busy and error handling every dialog shares. */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A dialog closed by its own success is gone: nothing to update.
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const run = useCallback(
    async (work: () => Promise<void>, onError?: (error: unknown) => boolean) => {
      setBusy(true);
      setError(null);
      try {
        await work();
        return true;
      } catch (failure) {
        if (mounted.current && !onError?.(failure)) setError(errorMessage(failure));
        return false;
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
    [],
  );
  return { busy, error, setError, run };
}
