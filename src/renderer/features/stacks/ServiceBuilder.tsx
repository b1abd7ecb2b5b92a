// A simple stack, service by service: image, replicas, ports, environment. Produces compose text.
import { useState } from 'react';
import { stringify } from 'yaml';
import { Button } from '../../components/Button';
import { TextAreaField, TextField } from '../../components/Field';
import { PlusIcon, TrashIcon } from '../../components/Icons';

export interface BuilderService {
  key: number;
  name: string;
  image: string;
  replicas: string;
  ports: string;
  env: string;
}

let nextKey = 1;
export const blankService = (name = ''): BuilderService => ({
  key: nextKey++,
  name,
  image: '',
  replicas: '1',
  ports: '',
  env: '',
});

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function builderErrors(s: BuilderService, all: BuilderService[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!s.name.trim()) errors.name = 'Name the service';
  else if (!NAME.test(s.name.trim()))
    errors.name = 'Use letters, digits, dots, dashes and underscores';
  else if (all.filter((o) => o.name.trim() === s.name.trim()).length > 1)
    errors.name = 'Two services have this name';
  if (!s.image.trim()) errors.image = 'Which image does it run?';
  if (!/^\d+$/.test(s.replicas.trim())) errors.replicas = 'A whole number';
  const badPort = splitList(s.ports).find(
    (p) => !/^(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/.test(p),
  );
  if (badPort) errors.ports = `“${badPort}” is not a port mapping like 8080:80`;
  const badEnv = s.env
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(l));
  if (badEnv) errors.env = `“${badEnv}” is not NAME=value`;
  return errors;
}

const splitList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);

/** The compose document of the services as filled in. */
export function builderCompose(services: BuilderService[]): string {
  const doc: Record<string, unknown> = {};
  for (const s of services) {
    const name = s.name.trim() || `service${s.key}`;
    const entry: Record<string, unknown> = { image: s.image.trim() };
    const ports = splitList(s.ports);
    if (ports.length) entry.ports = ports;
    const env = Object.fromEntries(
      s.env
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const at = l.indexOf('=');
          return at < 0 ? [l, ''] : [l.slice(0, at), l.slice(at + 1)];
        }),
    );
    if (Object.keys(env).length) entry.environment = env;
    entry.deploy = { replicas: Number.parseInt(s.replicas, 10) || 0 };
    doc[name] = entry;
  }
  return stringify({ services: doc });
}

export function ServiceBuilder({
  services,
  onChange,
  showErrors,
}: {
  services: BuilderService[];
  onChange(services: BuilderService[]): void;
  showErrors: boolean;
}) {
  // A field's error shows once it has been left (or on submit), not while a blank form waits.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const touch = (key: number, field: string) =>
    setTouched((all) => (all.has(`${key}:${field}`) ? all : new Set(all).add(`${key}:${field}`)));
  const update = (key: number, patch: Partial<BuilderService>) =>
    onChange(services.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  return (
    <div className="builder">
      <p className="muted">
        Each service runs one image as a set of replicas. The compose file is written as you fill
        this in.
      </p>
      {services.map((s, index) => {
        const all = builderErrors(s, services);
        const shown = (field: string) =>
          showErrors || touched.has(`${s.key}:${field}`) ? all[field] : undefined;
        return (
          <fieldset key={s.key} className="builder__service">
            <legend className="builder__legend">
              Service {index + 1}
              {s.name.trim() ? <span className="mono"> · {s.name.trim()}</span> : null}
            </legend>
            <div className="builder__row">
              <TextField
                label="Service name"
                value={s.name}
                error={shown('name')}
                onBlur={() => touch(s.key, 'name')}
                onChange={(e) => update(s.key, { name: e.target.value })}
                placeholder="web"
              />
              <TextField
                label="Image"
                value={s.image}
                error={shown('image')}
                onBlur={() => touch(s.key, 'image')}
                onChange={(e) => update(s.key, { image: e.target.value })}
                placeholder="nginx:1.27"
                className="input mono"
              />
              <TextField
                label="Replicas"
                inputMode="numeric"
                value={s.replicas}
                error={shown('replicas')}
                onBlur={() => touch(s.key, 'replicas')}
                onChange={(e) => update(s.key, { replicas: e.target.value })}
              />
            </div>
            <div className="builder__row builder__row--wide">
              <TextField
                label="Ports"
                optional
                value={s.ports}
                error={shown('ports')}
                onBlur={() => touch(s.key, 'ports')}
                hint="published:target, separated by commas, e.g. 8080:80"
                onChange={(e) => update(s.key, { ports: e.target.value })}
              />
              <TextAreaField
                label="Environment"
                optional
                rows={2}
                value={s.env}
                error={shown('env')}
                onBlur={() => touch(s.key, 'env')}
                hint="One NAME=value per line"
                onChange={(e) => update(s.key, { env: e.target.value })}
              />
            </div>
            {services.length > 1 ? (
              <Button
                size="sm"
                variant="ghost"
                icon={<TrashIcon size={14} />}
                onClick={() => onChange(services.filter((o) => o.key !== s.key))}
              >
                Remove service {index + 1}
              </Button>
            ) : null}
          </fieldset>
        );
      })}
      <div>
        <Button
          size="sm"
          icon={<PlusIcon size={14} />}
          onClick={() => onChange([...services, blankService()])}
        >
          Add a service
        </Button>
      </div>
    </div>
  );
}
