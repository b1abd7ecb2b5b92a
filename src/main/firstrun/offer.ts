// Whether this machine can run the lab (Linux, root, its script in a checkout) and whether an SSH
// server listens on localhost: what the first-run panel may offer. The gate is checked again when
// the lab is started; the offer only decides what is shown.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { FirstRunOffer } from '../../shared/first-run.js';

export interface LabPlaces {
  /** The lab script (e2e/lab/lab.sh of a checkout; DROVER_LAB_SCRIPT for tests). */
  script: string;
  /** Where the lab writes lab.json (DROVER_LAB_DIR, as the script reads it). */
  dir: string;
}

/** From dist/main/firstrun/ (or src/main/firstrun/) up to the checkout. */
const checkoutRoot = path.resolve(__dirname, '..', '..', '..');

export function labPlaces(env: NodeJS.ProcessEnv = process.env): LabPlaces {
  return {
    script: env.DROVER_LAB_SCRIPT ?? path.join(checkoutRoot, 'e2e', 'lab', 'lab.sh'),
    dir: env.DROVER_LAB_DIR ?? '/var/lib/drover-lab',
  };
}

export interface MachineFacts {
  platform: NodeJS.Platform;
  /** null where the platform has no user ids. */
  uid: number | null;
  scriptExists: boolean;
}

export function machineFacts(places: LabPlaces): MachineFacts {
  return {
    platform: process.platform,
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
    scriptExists: fs.existsSync(places.script),
  };
}

/** The lab needs Linux namespaces, bridges and iptables (root), and its script. */
export function labOffer(facts: MachineFacts): FirstRunOffer['lab'] {
  if (facts.platform !== 'linux')
    return { available: false, reason: 'The lab runs on Linux only (network namespaces).' };
  if (facts.uid !== 0)
    return {
      available: false,
      reason: 'The lab needs root (namespaces, a bridge, iptables): start the console as root.',
    };
  if (!facts.scriptExists)
    return {
      available: false,
      reason: 'The lab script (e2e/lab/lab.sh) comes with a checkout of Drover, not this install.',
    };
  return { available: true, reason: null };
}

/** Whether something accepts TCP connections on localhost:22 (an SSH server, most likely). */
export function sshdListening(port = 22, timeoutMs = 1_500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function firstRunOffer(places: LabPlaces): Promise<FirstRunOffer> {
  return {
    localhost: { sshd: await sshdListening() },
    lab: labOffer(machineFacts(places)),
  };
}
