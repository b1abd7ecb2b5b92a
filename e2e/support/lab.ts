// What the lab (e2e/lab/lab.sh up) wrote about itself: hosts, the SSH key, the registry, images.
import fs from 'node:fs';
import path from 'node:path';

export interface LabHost {
  name: string;
  address: string;
  port: number;
  user: string;
  hostKeyFingerprint: string;
}

export interface Lab {
  registry: string;
  sshKey: string;
  hosts: LabHost[];
  images: Record<'nginx' | 'haproxy' | 'whoami', string>;
}

export const labDir = process.env.DROVER_LAB_DIR ?? '/var/lib/drover-lab';

export function readLab(): Lab {
  const file = path.join(labDir, 'lab.json');
  if (!fs.existsSync(file)) {
    throw new Error(`The lab is not up (${file} is missing): run \`sudo npm run lab:up\` first`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Lab;
}
