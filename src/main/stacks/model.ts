// The compose document once loaded: the subset of compose-spec Drover deploys, with docker's
// short syntaxes already expanded (ports, volumes, environment lists, string commands).
import type { LoadBalancerSpec } from '../../shared/lb.js';
import type { PortConfig } from './ports.js';

export interface ComposePort extends PortConfig {
  /** The file did not say the publish mode (short syntax, or long syntax without `mode`). */
  modeUnset: boolean;
}

export interface ComposeMount {
  type: 'volume' | 'bind' | 'tmpfs' | 'npipe';
  source: string;
  target: string;
  readOnly: boolean;
  consistency?: string;
  bind?: { propagation?: string };
  volume?: { nocopy?: boolean };
  tmpfs?: { size?: number };
}

export interface FileReference {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface UpdateSettings {
  parallelism?: number;
  delay?: number;
  failureAction?: string;
  monitor?: number;
  maxFailureRatio?: number;
  order?: string;
}

export interface ComposeService {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  /** null: a name without a value (KEY), as docker passes it. */
  environment: Record<string, string | null>;
  labels: Record<string, string>;
  hostname?: string;
  user?: string;
  workingDir?: string;
  stopGracePeriod?: number;
  stopSignal?: string;
  healthcheck?: {
    disable?: boolean;
    test?: string[];
    interval?: number;
    timeout?: number;
    startPeriod?: number;
    startInterval?: number;
    retries?: number;
  };
  init?: boolean;
  readOnly?: boolean;
  tty?: boolean;
  stdinOpen?: boolean;
  capAdd: string[];
  capDrop: string[];
  /** Kernel parameters (API 1.40+). */
  sysctls: Record<string, string>;
  /** Per name: one limit (soft = hard) or both. */
  ulimits: Record<string, { soft: number; hard: number }>;
  dns: string[];
  dnsSearch: string[];
  extraHosts: string[];
  logging?: { driver?: string; options?: Record<string, string> };
  volumes: ComposeMount[];
  /** Unset: the stack's default network. */
  networks?: Record<string, { aliases?: string[]; driverOpts?: Record<string, string> } | null>;
  ports: ComposePort[];
  configs: FileReference[];
  secrets: FileReference[];
  /** Legacy service-level `restart`. */
  restart?: string;
  deploy: {
    mode: 'replicated' | 'global' | 'replicated-job' | 'global-job';
    replicas?: number;
    labels: Record<string, string>;
    constraints: string[];
    preferences: string[];
    maxReplicasPerNode?: number;
    limits?: { nanoCpus?: number; memoryBytes?: number; pids?: number };
    reservations?: { nanoCpus?: number; memoryBytes?: number };
    restartPolicy?: { condition?: string; delay?: number; maxAttempts?: number; window?: number };
    updateConfig?: UpdateSettings;
    rollbackConfig?: UpdateSettings;
    endpointMode?: string;
  };
}

export interface ComposeNetwork {
  /** Its name on the cluster when set (`name:`, or external). */
  name?: string;
  external: boolean;
  driver?: string;
  driverOpts?: Record<string, string>;
  internal?: boolean;
  attachable?: boolean;
  labels: Record<string, string>;
  ipam?: { driver?: string; config: { subnet?: string }[] };
}

export interface ComposeVolume {
  name?: string;
  external: boolean;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels: Record<string, string>;
}

export interface ComposeFileObject {
  name?: string;
  external: boolean;
  /** Absolute path of the file holding the content (relative names resolve against the file). */
  file?: string;
  /** Inline content (configs.*.content), or the value of `variable`. */
  content?: string;
  /** compose-spec `environment:` source: the variable holding the content (unset: no content). */
  variable?: string;
  labels: Record<string, string>;
  templateDriver?: string;
}

export interface ComposeModel {
  services: ComposeService[];
  /** Services with an `x-drover-lb` block: Drover's load balancers (lb/convert.ts). */
  loadBalancers: LoadBalancerSpec[];
  networks: Record<string, ComposeNetwork>;
  volumes: Record<string, ComposeVolume>;
  configs: Record<string, ComposeFileObject>;
  secrets: Record<string, ComposeFileObject>;
}
