// How long team-mode sessions last (site admins): the idle and absolute limits. A session that
// passes either ends, and its browser returns to the sign-in page.
import { useState } from 'react';
import { SESSION_IDLE_MINUTES as IDLE, SESSION_MAX_HOURS as MAX } from '../../../shared/sessions';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { useSettings } from '../../stores/settings';

export function SessionLimitsForm() {
  const settings = useSettings((s) => s.settings);
  const [idle, setIdle] = useState<string | null>(null);
  const [max, setMax] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const idleValue = idle ?? String(settings.sessionIdleMinutes ?? IDLE.default);
  const maxValue = max ?? String(settings.sessionMaxHours ?? MAX.default);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.invoke('settings.update', {
        sessionIdleMinutes: Number(idleValue),
        sessionMaxHours: Number(maxValue),
      });
      setIdle(null);
      setMax(null);
      setSaved(true);
    } catch (e) {
      // The values stay as typed, with the core's reason (e.g. a minimum of 5 minutes).
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const edit = (set: (v: string) => void) => (value: string) => {
    set(value);
    setSaved(false);
  };
  return (
    <form
      className="settings-inline-form"
      aria-label="Session limits"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <TextField
        label="Sign out after idle (minutes)"
        type="number"
        min={IDLE.min}
        max={IDLE.max}
        value={idleValue}
        hint={`${IDLE.min} to ${IDLE.max}; default ${IDLE.default}`}
        error={error ?? undefined}
        onChange={(e) => edit(setIdle)(e.target.value)}
      />
      <TextField
        label="Sign out at the latest after (hours)"
        type="number"
        min={MAX.min}
        max={MAX.max}
        value={maxValue}
        hint={`${MAX.min} to ${MAX.max}; default ${MAX.default}`}
        onChange={(e) => edit(setMax)(e.target.value)}
      />
      <Button
        type="submit"
        variant="secondary"
        busy={saving}
        disabled={idle === null && max === null}
      >
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
