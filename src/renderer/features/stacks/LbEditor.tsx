// Create or edit a load balancer: its name, where it runs, and its rules in priority order (the
// first rule that matches a request wins). Checked with the core's own rules as it is typed;
// saving hands the changed compose document to the plan-and-deploy dialog.
import { useMemo, useState } from 'react';
import { imageReferenceProblem } from '../../../shared/image-reference';
import {
  DEFAULT_LB_IMAGE,
  listenPorts,
  type LbHosts,
  type LoadBalancerSpec,
} from '../../../shared/lb';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { PlusIcon } from '../../components/Icons';
import { useSettings } from '../../stores/settings';
import { lbIssues } from './lb-compose';
import { LbRuleRow, type RuleDraft } from './LbRuleRow';

let nextKey = 1;
const blankRule = (target = '', port = 80): RuleDraft => ({
  key: nextKey++,
  listen: '8080',
  protocol: 'http',
  host: '',
  path: '',
  target,
  port: String(port),
  certificate: '',
});

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** #, listen, protocol, host (the rest), path, target, port, HTTPS, actions. */
const RULE_COLUMNS = [
  '32px',
  '76px',
  '76px',
  undefined,
  '112px',
  '136px',
  '68px',
  '140px',
  '128px',
];

export function LbEditor({
  lb,
  others,
  targets,
  secrets,
  onClose,
  onSave,
}: {
  /** null: a new load balancer. */
  lb: LoadBalancerSpec | null;
  /** Names of the stack's other load balancers. */
  others: string[];
  targets: { name: string; ports: number[] }[];
  /** The stack's secrets, the certificates HTTPS rules may use. */
  secrets: string[];
  onClose(): void;
  onSave(lb: LoadBalancerSpec): void;
}) {
  const [name, setName] = useState(lb?.name ?? 'lb');
  const [hostsKind, setHostsKind] = useState<LbHosts['kind']>(lb?.hosts.kind ?? 'all');
  const [label, setLabel] = useState(
    lb?.hosts.kind === 'label' ? `${lb.hosts.label}=${lb.hosts.value}` : '',
  );
  const [rules, setRules] = useState<RuleDraft[]>(() =>
    lb
      ? lb.rules.map((r) => ({
          key: nextKey++,
          listen: String(r.listen),
          protocol: r.protocol,
          host: r.host ?? '',
          path: r.path ?? '',
          target: r.target,
          port: String(r.port),
          certificate: r.certificate ?? '',
        }))
      : [blankRule(targets[0]?.name, targets[0]?.ports[0])],
  );
  const [tried, setTried] = useState(false);
  // The image field shows the Settings value until it is changed; the compose service then
  // names its own image (one that names one already keeps it).
  const settingsImage = useSettings((s) => s.settings.lbImage) ?? DEFAULT_LB_IMAGE;
  const [imageDraft, setImageDraft] = useState<string | null>(lb?.image ?? null);
  const [imageTouched, setImageTouched] = useState(false);
  const image = (imageDraft ?? settingsImage).trim();
  const ownImage = lb?.image !== undefined || image !== settingsImage;
  const imageProblem = imageReferenceProblem(image);

  const spec = useMemo((): LoadBalancerSpec => {
    const [labelKey = '', ...value] = label.split('=');
    return {
      name: name.trim(),
      ...(ownImage ? { image } : {}),
      hosts:
        hostsKind === 'all'
          ? { kind: 'all' }
          : { kind: 'label', label: labelKey.trim(), value: value.join('=').trim() },
      rules: rules.map((r) => ({
        listen: Number(r.listen),
        protocol: r.protocol,
        target: r.target,
        port: Number(r.port),
        ...(r.protocol === 'http' && r.host.trim() ? { host: r.host.trim() } : {}),
        ...(r.protocol === 'http' && r.path.trim() ? { path: r.path.trim() } : {}),
        ...(r.certificate ? { certificate: r.certificate } : {}),
      })),
      ...(lb?.stickyCookie ? { stickyCookie: lb.stickyCookie } : {}),
      ...(lb?.statsPort ? { statsPort: lb.statsPort } : {}),
    };
  }, [name, hostsKind, label, rules, lb, ownImage, image]);

  const issues = useMemo(() => {
    const found = lbIssues(
      spec,
      targets.map((t) => t.name),
      secrets,
    );
    const byRule = new Map<number, string[]>();
    const general: string[] = [];
    for (const issue of found) {
      if (issue.path[0] === 'rules' && typeof issue.path[1] === 'number')
        byRule.set(issue.path[1], [...(byRule.get(issue.path[1]) ?? []), issue.message]);
      else general.push(issue.message);
    }
    if (!NAME.test(spec.name)) general.unshift('Name it with letters, digits, ".", "-" or "_"');
    else if (others.includes(spec.name) || (!lb && targets.some((t) => t.name === spec.name)))
      general.unshift(`The stack already has a service named ${spec.name}`);
    return { byRule, general };
  }, [spec, targets, secrets, others, lb]);
  const invalid = issues.general.length > 0 || issues.byRule.size > 0 || imageProblem !== null;

  const portsBefore = lb ? listenPorts(lb).join(',') : null;
  const portsChange = portsBefore !== null && portsBefore !== listenPorts(spec).join(',');

  const update = (key: number, patch: Partial<RuleDraft>) =>
    setRules((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const move = (index: number, by: number) =>
    setRules((all) => {
      const next = [...all];
      const [rule] = next.splice(index, 1);
      next.splice(index + by, 0, rule!);
      return next;
    });

  return (
    <Dialog
      open
      size="xl"
      title={lb ? `Edit load balancer ${lb.name}` : 'Add a load balancer'}
      description="Rules are tried in order; the first that matches a request sends it to its target. Deploying shows the plan first."
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            onClick={() => {
              setTried(true);
              if (!invalid) onSave(spec);
            }}
          >
            Review and deploy…
          </Button>
        </>
      }
    >
      <div className="lb-editor">
        <div className="lb-editor__row">
          <TextField
            label="Name"
            value={name}
            readOnly={Boolean(lb)}
            onChange={(e) => setName(e.target.value)}
            className="input mono"
          />
          <TextField
            label="Image"
            value={imageDraft ?? settingsImage}
            onChange={(e) => setImageDraft(e.target.value)}
            onBlur={() => setImageTouched(true)}
            className="input mono"
            spellCheck={false}
            error={(imageTouched || tried) && imageProblem ? imageProblem : undefined}
            hint={ownImage ? 'HAProxy 2.x or later' : 'The default from Settings → Load balancers'}
          />
          <fieldset className="lb-editor__hosts">
            <legend>Runs on</legend>
            <label>
              <input
                type="radio"
                name="lb-hosts"
                checked={hostsKind === 'all'}
                onChange={() => setHostsKind('all')}
              />{' '}
              every host
            </label>
            <label>
              <input
                type="radio"
                name="lb-hosts"
                checked={hostsKind === 'label'}
                onChange={() => setHostsKind('label')}
              />{' '}
              hosts with the label
            </label>
            <input
              className="input input--sm mono"
              aria-label="Host label (label=value)"
              placeholder="lb=yes"
              value={label}
              disabled={hostsKind !== 'label'}
              onChange={(e) => setLabel(e.target.value)}
            />
          </fieldset>
        </div>
        <div className="table-wrap">
          <table className="table lb-editor__rules" aria-label="Rules">
            <colgroup>
              {RULE_COLUMNS.map((width, i) => (
                <col key={i} style={width ? { width } : undefined} />
              ))}
            </colgroup>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Listen</th>
                <th scope="col">Protocol</th>
                <th scope="col">Host</th>
                <th scope="col">Path prefix</th>
                <th scope="col">Target service</th>
                <th scope="col">Port</th>
                <th scope="col">HTTPS certificate</th>
                <th scope="col">
                  <span className="visually-hidden">Order and removal</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, index) => {
                return (
                  <LbRuleRow
                    key={r.key}
                    rule={r}
                    index={index}
                    count={rules.length}
                    targets={targets}
                    secrets={secrets}
                    problems={tried || r.target ? issues.byRule.get(index) : undefined}
                    onChange={(patch) => update(r.key, patch)}
                    onMove={(by) => move(index, by)}
                    onRemove={() => setRules((all) => all.filter((o) => o.key !== r.key))}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
        <div>
          <Button
            size="sm"
            icon={<PlusIcon size={14} />}
            onClick={() =>
              setRules((all) => [...all, blankRule(targets[0]?.name, targets[0]?.ports[0])])
            }
          >
            Add a rule
          </Button>
        </div>
        {tried && issues.general.length ? (
          <Alert tone="error" title="Check the load balancer">
            {issues.general.join('; ')}
          </Alert>
        ) : null}
        {portsChange ? (
          <Alert tone="warn" title="The listen ports change">
            Host ports cannot be handed over while held, so each host&apos;s edge is replaced
            stop-first: for a few seconds per host, its load balancer ports refuse connections. Rule
            changes on the same ports roll out without refusing any request.
          </Alert>
        ) : null}
      </div>
    </Dialog>
  );
}
