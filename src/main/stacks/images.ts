// Image references as docker's client writes them into service specs: pinned to the registry's
// digest where the registry answers, with the platforms it offers. Private registries are asked
// with the environment's stored login; a registry that wants one is a refusal, not a warning.
import type Docker from 'dockerode';
import { DOCKER_HUB, registryOf } from '../registries/reference.js';
import { engineMessage, isAuthError, type ImageAuth } from '../registries/service.js';

export interface ResolvedImage {
  image: string;
  platforms?: { Architecture: string; OS: string }[];
  /** No registry answered: the tag stays, and each node resolves it on its own. */
  unpinned?: boolean;
  /** The registry wants a login that is missing or was refused: why, in the user's words. */
  denied?: string;
  /** The registry did not answer within this many ms: the digest was not checked. */
  timedOutMs?: number;
}

/** The stored login (if any) for an image's registry. */
export type ImageLogins = (image: string) => ImageAuth;
export const noLogins: ImageLogins = (image) => ({ registry: registryOf(image) });

/**
 * How long a registry look-up may take. The manager's engine asks the registry itself and, on a
 * cluster without internet, waits many seconds for an answer that never comes; the plan should
 * not. Past this the image stays a tag, and the plan says the digest was not checked.
 */
export const REGISTRY_LOOKUP_TIMEOUT_MS = 3_000;

/** Asks the registry (through the manager, with the login) for the image's digest. */
export async function distribution(
  docker: Docker,
  image: string,
  login: ImageAuth = { registry: registryOf(image) },
  timeoutMs = REGISTRY_LOOKUP_TIMEOUT_MS,
): Promise<ResolvedImage> {
  const bound = AbortSignal.timeout(timeoutMs);
  try {
    const info = await distributionInfo(docker, image, login, bound);
    const platforms = (info.Platforms ?? []).map((p) => ({
      // docker's client drops "arm": nodes report armv7l and would never match.
      Architecture: p.architecture.toLowerCase() === 'arm' ? '' : p.architecture,
      OS: p.os,
    }));
    return { image: `${familiar(image)}@${info.Descriptor.digest}`, platforms };
  } catch (error) {
    if (bound.aborted) return { image, unpinned: true, timedOutMs: timeoutMs };
    const message = engineMessage(error);
    return { image, unpinned: true, denied: deniedMessage(image, login, message) };
  }
}

interface DistributionInfo {
  Descriptor: { digest: string };
  Platforms?: { architecture: string; os: string }[];
}

/** GET /distribution/<image>/json as dockerode sends it, but abortable (dockerode's is not). */
function distributionInfo(
  docker: Docker,
  image: string,
  login: ImageAuth,
  signal: AbortSignal,
): Promise<DistributionInfo> {
  const modem = docker.modem as unknown as {
    dial(options: object, callback: (error: Error | null, data?: unknown) => void): void;
  };
  return new Promise((resolve, reject) =>
    modem.dial(
      {
        path: `/distribution/${image}/json`,
        method: 'GET',
        statusCodes: { 200: true, 401: 'no such image', 500: 'server error' },
        authconfig: login.auth,
        abortSignal: signal,
      },
      (error, data) => (error ? reject(error) : resolve(data as DistributionInfo)),
    ),
  );
}

/**
 * Why nodes would fail to pull: the registry asked for a login. Docker Hub without a stored login
 * stays a warning, as with docker: it answers "denied" for images that exist only on the nodes.
 */
function deniedMessage(image: string, login: ImageAuth, engine: string): string | undefined {
  if (!isAuthError(engine)) return undefined;
  const { registry, auth } = login;
  if (auth) {
    return `${registry} refused the stored login of "${auth.username}" for image ${image}: update it under Settings → Registries (check it with \`drover registry test ${registry}\`); the stack was not changed`;
  }
  if (registry === DOCKER_HUB) return undefined;
  return `image ${image} is on ${registry}, which requires a login: add credentials for ${registry} under Settings → Registries or with \`drover registry add ${registry} --user USER --password-stdin\`; the stack was not changed`;
}

/** "nginx" → "nginx:latest"; references with a tag or digest stay as they are. */
export function withDefaultTag(image: string): string {
  if (image.includes('@')) return image;
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? image : `${image}:latest`;
}

function familiar(image: string): string {
  return image.replace(/^(?:docker\.io|index\.docker\.io)\/(?:library\/)?/, '');
}

/** Why an image stays a tag: docker's words, or the look-up that was cut short. */
export function unpinnedWarning(image: ResolvedImage): string {
  const tagged = image.image;
  if (image.timedOutMs)
    return `image digest of ${tagged} not checked: its registry did not answer in ${image.timedOutMs / 1000} s. Each node will pull ${tagged} itself when it starts a task, and nodes may run different versions of it.`;
  return `image ${tagged} could not be accessed on a registry to record its digest. Each node will access ${tagged} independently, possibly leading to different nodes running different versions of the image.`;
}
