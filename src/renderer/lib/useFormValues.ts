import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { errorMessage } from './errors';

/**
 * A form's starting values, loaded when it opens (and again when `key` changes): null until
 * they arrive; a failure goes to `setError`, the form's error. A late answer after the form
 * closed is dropped.
 */
export function useFormValues<T>(
  load: () => Promise<T>,
  key: unknown,
  setError: (error: string) => void,
): [T | null, Dispatch<SetStateAction<T | null>>] {
  const [values, setValues] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    load()
      .then((loaded) => live && setValues(loaded))
      .catch((error: unknown) => live && setError(errorMessage(error)));
    return () => {
      live = false;
    };
    // `load` is a new closure each render; `key` says when it loads something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, setError]);
  return [values, setValues];
}
