// Starts the lab's three Docker hosts on this machine and adds them to an environment, for a
// newcomer's first stack. The script runs as a program with fixed arguments (never a shell
// string); its output lines are the progress; each host is then added like the wizard adds one,
// with the key and pinned host key the lab wrote.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { LabStartResult } from '../../shared/first-run.js';
import { DroverError } from '../../shared/errors.js';
import type { Host } from '../../shared/types.js';
import type { EventBus } from '../events/bus.js';
import type { HostRepository } from '../hosts/repository.js';
import type { HostService } from '../hosts/service.js';
import { progressReporter, step, type Progress } from '../operations/progress.js';
import { labOffer, machineFacts, type LabPlaces } from './offer.js';

/** The hosts a first stack needs: one manager, two more for spreading. */
const LAB_HOSTS = 3;

interface LabFile {
  sshKey: string;
  hosts: { name: string; address: string; port: number; hostKeyFingerprint: string }[];
}

export interface LabStartDeps {
  places: LabPlaces;
  events: EventBus;
  hosts: HostRepository;
  hostService: Pick<HostService, 'add'>;
}

function readLabFile(dir: string): LabFile | null {
  const file = path.join(dir, 'lab.json');
  if (!fs.existsSync(file)) return null;
  const lab = JSON.parse(fs.readFileSync(file, 'utf8')) as LabFile;
  return lab.hosts.length >= LAB_HOSTS ? lab : null;
}

/** The script's bold log lines, as plain text. */
const ESC = String.fromCharCode(27);
const withoutColours = (line: string) =>
  line
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, '')))
    .join('');

/** `bash <script> up` with the host count fixed; every output line is reported as it comes. */
export function runLabUp(places: LabPlaces, progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [places.script, 'up'], {
      env: { ...process.env, DROVER_LAB_HOSTS: String(LAB_HOSTS), DROVER_LAB_DIR: places.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const text = withoutColours(line).trim();
        if (!text) continue;
        tail.push(text);
        if (tail.length > 5) tail.shift();
        progress('lab-up', 'running', text);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new DroverError(
              'UNAVAILABLE',
              `The lab did not start (exit ${code}): ${tail.join(' · ')}`,
            ),
          ),
    );
  });
}

export async function startLab(
  deps: LabStartDeps,
  args: { environmentId: number; operationId?: string },
): Promise<LabStartResult> {
  const offer = labOffer(machineFacts(deps.places));
  if (!offer.available) throw new DroverError('PRECONDITION_FAILED', offer.reason ?? 'No lab here');
  const progress = progressReporter(deps.events, args.operationId, args.environmentId);

  let lab = readLabFile(deps.places.dir);
  if (lab) progress('lab-up', 'done', 'The lab is already up');
  else {
    await step(
      progress,
      'lab-up',
      'Starting the lab (the first time builds its images: minutes)',
      () => runLabUp(deps.places, progress),
    );
    lab = readLabFile(deps.places.dir);
    if (!lab)
      throw new DroverError(
        'UNAVAILABLE',
        `The lab started but wrote no lab.json in ${deps.places.dir}`,
      );
  }

  const known = deps.hosts.list(args.environmentId);
  const result: LabStartResult = { added: [], present: [] };
  for (const host of lab.hosts.slice(0, LAB_HOSTS)) {
    if (known.some((h: Host) => h.address === host.address && h.port === host.port)) {
      result.present.push(host.name);
      progress(`add-${host.name}`, 'done', `${host.name} is already in this environment`);
      continue;
    }
    await step(progress, `add-${host.name}`, `Adding ${host.name} (${host.address})`, () =>
      deps.hostService.add({
        environmentId: args.environmentId,
        name: host.name,
        address: host.address,
        port: host.port,
        user: 'root',
        auth: { kind: 'key', keyPath: lab.sshKey },
        hostKey: host.hostKeyFingerprint,
        trustOnFirstUse: false,
      }),
    );
    result.added.push(host.name);
  }
  return result;
}
