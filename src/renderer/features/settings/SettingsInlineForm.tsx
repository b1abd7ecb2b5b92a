// A one-line settings form (a field or two, Save, "Saved"): the save, its error and its state.
import { useState, type ReactNode } from 'react';
import type { ArgsOf } from '../../../shared/contract';
import { Button } from '../../components/Button';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';

/**
 * Saves a settings patch. On failure the values stay as typed, with the core's reason (e.g. a
 * minimum of 5 minutes); `save` answers whether it was saved so the form can drop its drafts.
 */
export function useSettingsSave() {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (patch: ArgsOf<'settings.update'>): Promise<boolean> => {
    setSaving(true);
    setError(null);
    try {
      await api.invoke('settings.update', patch);
      setSaved(true);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, saved, edited: () => setSaved(false), save };
}

export function SettingsInlineForm({
  label,
  saving,
  saved,
  changed,
  onSave,
  children,
}: {
  label?: string;
  saving: boolean;
  saved: boolean;
  /** Something was typed since the last save. */
  changed: boolean;
  onSave(): void;
  children: ReactNode;
}) {
  return (
    <form
      className="settings-inline-form"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      {children}
      <Button type="submit" variant="secondary" busy={saving} disabled={!changed}>
        Save
      </Button>
      {saved ? (
        <span className="muted" role="status">
          Saved
        </span>
      ) : null}
    </form>
  );
}
