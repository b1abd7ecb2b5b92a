// One rule of a load balancer as a table row (and, below it, the row of its problems).
import { useId } from 'react';
import type { LbProtocol } from '../../../shared/lb';
import { Button } from '../../components/Button';
import { ArrowDownIcon, ArrowUpIcon, TrashIcon } from '../../components/Icons';

export interface RuleDraft {
  key: number;
  listen: string;
  protocol: LbProtocol;
  host: string;
  path: string;
  target: string;
  port: string;
  /** A secret of the stack: HTTPS on this rule's port. */
  certificate: string;
}

export function LbRuleRow({
  rule: r,
  index,
  count,
  targets,
  secrets,
  problems,
  onChange,
  onMove,
  onRemove,
}: {
  rule: RuleDraft;
  index: number;
  count: number;
  targets: { name: string; ports: number[] }[];
  secrets: string[];
  problems: string[] | undefined;
  onChange(patch: Partial<RuleDraft>): void;
  onMove(by: number): void;
  onRemove(): void;
}) {
  const ports = targets.find((t) => t.name === r.target)?.ports ?? [];
  const n = index + 1;
  return (
    <>
      <tr className={problems ? 'is-invalid' : undefined}>
        <td className="tabular">{n}</td>
        <RuleInput
          label={`Rule ${n} listen port`}
          numeric
          value={r.listen}
          onChange={(listen) => onChange({ listen })}
        />
        <td>
          <select
            className="input input--sm"
            aria-label={`Rule ${n} protocol`}
            value={r.protocol}
            onChange={(e) => onChange({ protocol: e.target.value as LbProtocol })}
          >
            <option value="http">http</option>
            <option value="tcp">tcp</option>
          </select>
        </td>
        <RuleInput
          label={`Rule ${n} host`}
          placeholder="any"
          disabled={r.protocol === 'tcp'}
          value={r.host}
          onChange={(host) => onChange({ host })}
        />
        <RuleInput
          label={`Rule ${n} path prefix`}
          placeholder="/"
          disabled={r.protocol === 'tcp'}
          value={r.path}
          onChange={(path) => onChange({ path })}
        />
        <td>
          <select
            className="input input--sm mono"
            aria-label={`Rule ${n} target service`}
            value={r.target}
            onChange={(e) => {
              const target = targets.find((t) => t.name === e.target.value);
              onChange({
                target: e.target.value,
                ...(target?.ports[0] ? { port: String(target.ports[0]) } : {}),
              });
            }}
          >
            <option value="" disabled>
              choose…
            </option>
            {targets.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </td>
        <RuleInput
          label={`Rule ${n} target port`}
          numeric
          suggestions={ports}
          value={r.port}
          onChange={(port) => onChange({ port })}
        />
        <td>
          <select
            className="input input--sm mono"
            aria-label={`Rule ${n} HTTPS certificate`}
            value={r.certificate}
            disabled={r.protocol === 'tcp'}
            onChange={(e) => onChange({ certificate: e.target.value })}
          >
            <option value="">none (HTTP)</option>
            {secrets.map((secret) => (
              <option key={secret} value={secret}>
                {secret}
              </option>
            ))}
          </select>
        </td>
        <td className="lb-editor__row-actions">
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Move rule ${n} up`}
            icon={<ArrowUpIcon size={14} />}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          />
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Move rule ${n} down`}
            icon={<ArrowDownIcon size={14} />}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          />
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Remove rule ${n}`}
            icon={<TrashIcon size={14} />}
            disabled={count === 1}
            onClick={onRemove}
          />
        </td>
      </tr>
      {problems ? (
        <tr className="lb-editor__error">
          <td />
          <td colSpan={8} role="alert">
            {problems.join('; ')}
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** One text cell of a rule's row (the table's column header names it; the label says which rule). */
function RuleInput({
  label,
  value,
  onChange,
  numeric,
  placeholder,
  disabled,
  suggestions,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  numeric?: boolean;
  placeholder?: string;
  disabled?: boolean;
  suggestions?: number[];
}) {
  const listId = useId();
  return (
    <td>
      <input
        className="input input--sm mono"
        inputMode={numeric ? 'numeric' : undefined}
        aria-label={label}
        placeholder={placeholder}
        disabled={disabled}
        list={suggestions ? listId : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {suggestions ? (
        <datalist id={listId}>
          {suggestions.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      ) : null}
    </td>
  );
}
