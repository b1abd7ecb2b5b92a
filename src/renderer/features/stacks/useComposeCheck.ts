// Validates the compose text as it is typed (debounced stack.validate).
import { useEffect, useState } from 'react';
import type { ComposeValidation } from '../../../shared/types';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';

export interface ComposeCheck {
  /** The text the result is for; stale while it differs from the current text. */
  checked: string | null;
  result: ComposeValidation | null;
  checking: boolean;
  error: string | null;
}

export function useComposeCheck(compose: string, delayMs = 350): ComposeCheck {
  const [state, setState] = useState<ComposeCheck>({
    checked: null,
    result: null,
    checking: false,
    error: null,
  });
  useEffect(() => {
    if (!compose.trim()) {
      setState({ checked: compose, result: null, checking: false, error: null });
      return;
    }
    let cancelled = false;
    setState((s) => ({ ...s, checking: true }));
    const timer = setTimeout(() => {
      api
        .invoke('stack.validate', { compose })
        .then((result) => {
          if (!cancelled) setState({ checked: compose, result, checking: false, error: null });
        })
        .catch((error: unknown) => {
          if (!cancelled)
            setState({
              checked: compose,
              result: null,
              checking: false,
              error: errorMessage(error),
            });
        });
    }, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [compose, delayMs]);
  return state;
}
