// "Scale shop_web to N" from the palette: the same scale the service card does, with the count
// checked before it is sent and the core's refusal shown in the dialog.
import { useState, type FormEvent } from 'react';
import type { StackServiceInfo } from '../../../shared/types';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/Field';
import { useSubmit } from '../../lib/useSubmit';
import { useStacks } from '../../stores/stacks';
import { toast } from '../../stores/toasts';

const MAX_REPLICAS = 1000;

export function ScaleDialog({
  environmentId,
  service,
  onClose,
}: {
  environmentId: number;
  service: StackServiceInfo;
  onClose(): void;
}) {
  const scale = useStacks((s) => s.scale);
  const [value, setValue] = useState(String(service.replicas ?? 1));
  const [touched, setTouched] = useState(false);
  const { busy, error, run } = useSubmit();
  const replicas = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  const invalid =
    Number.isInteger(replicas) && replicas >= 0 && replicas <= MAX_REPLICAS
      ? null
      : `Enter a whole number from 0 to ${MAX_REPLICAS}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (invalid) return;
    void run(async () => {
      await scale(environmentId, service.name, replicas);
      toast({ tone: 'ok', title: `${service.name} scaled to ${replicas}` });
      onClose();
    });
  };

  return (
    <FormDialog
      title={`Scale ${service.name}`}
      description={`Now ${service.replicas ?? '?'} replicas, ${service.runningTasks} running.`}
      busy={busy}
      submitLabel="Scale"
      error={error}
      errorTitle={`Couldn’t scale ${service.name}`}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        label="Replicas"
        inputMode="numeric"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => setTouched(true)}
        error={touched ? (invalid ?? undefined) : undefined}
        autoFocus
      />
    </FormDialog>
  );
}
