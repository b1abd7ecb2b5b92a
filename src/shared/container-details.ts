// One container inspected for its page: what `docker inspect` says, in the fields a person reads,
// and the Swarm task history of its slot.
import type { ContainerSummary } from './types.js';

export interface ContainerPort {
  /** Inside the container. */
  containerPort: number;
  protocol: string;
  /** Published on the host; null when only exposed. */
  hostPort: number | null;
  /** The host address it is bound to; null: every address of the host. */
  hostIp: string | null;
}

export interface ContainerMount {
  type: string;
  /** Volume name or host path. */
  source: string;
  destination: string;
  readOnly: boolean;
}

export interface ContainerNetwork {
  name: string;
  ipv4: string | null;
  ipv6: string | null;
  aliases: string[];
}

export interface ContainerHealth {
  /** starting, healthy or unhealthy. */
  status: string;
  failingStreak: number;
  /** The last probe's output and exit code, when one ran. */
  lastOutput: string | null;
  lastExitCode: number | null;
  lastAt: string | null;
}

/** One Swarm task of the container's slot (replicated) or node (global), newest first. */
export interface TaskHistoryEntry {
  id: string;
  state: string;
  desiredState: string;
  message: string;
  error: string | null;
  containerId: string | null;
  timestamp: string | null;
}

/** Who the container is, as the list names it (see ContainerSummary), then what inspect adds. */
export interface ContainerDetails extends Pick<
  ContainerSummary,
  'id' | 'name' | 'hostId' | 'hostName' | 'stack' | 'service' | 'taskSlot' | 'state'
> {
  /** The image as the container names it (tag), and its digest where one is known. */
  image: string;
  imageDigest: string | null;
  imageId: string;
  entrypoint: string[];
  command: string[];
  workingDir: string | null;
  user: string | null;
  /** In the container's order. Values are masked ("****") for read-only members. */
  env: { name: string; value: string }[];
  ports: ContainerPort[];
  mounts: ContainerMount[];
  networks: ContainerNetwork[];
  labels: Record<string, string>;
  health: ContainerHealth | null;
  restartCount: number;
  exitCode: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** null: not a Swarm task. */
  tasks: TaskHistoryEntry[] | null;
  /** Why the task history could not be read (no manager reachable, ...). */
  tasksError: string | null;
}
