// How long team-mode sessions last (site admins): the idle and absolute limits. A session that
// passes either ends, and its browser returns to the sign-in page.
import { useState } from 'react';
import { SESSION_IDLE_MINUTES as IDLE, SESSION_MAX_HOURS as MAX } from '../../../shared/sessions';
import { TextField } from '../../components/Field';
import { useSettings } from '../../stores/settings';
import { SettingsInlineForm, useSettingsSave } from './SettingsInlineForm';

export function SessionLimitsForm() {
  const settings = useSettings((s) => s.settings);
  const [idle, setIdle] = useState<string | null>(null);
  const [max, setMax] = useState<string | null>(null);
  const { saving, error, saved, edited, save } = useSettingsSave();
  const idleValue = idle ?? String(settings.sessionIdleMinutes ?? IDLE.default);
  const maxValue = max ?? String(settings.sessionMaxHours ?? MAX.default);
  const onSave = async () => {
    if (await save({ sessionIdleMinutes: Number(idleValue), sessionMaxHours: Number(maxValue) })) {
      setIdle(null);
      setMax(null);
    }
  };
  const edit = (set: (v: string) => void) => (value: string) => {
    set(value);
    edited();
  };
  return (
    <SettingsInlineForm
      label="Session limits"
      saving={saving}
      saved={saved}
      changed={idle !== null || max !== null}
      onSave={() => void onSave()}
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
    </SettingsInlineForm>
  );
}
