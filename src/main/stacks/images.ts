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
}

/** The stored login (if any) for an image's registry. */
export type ImageLogins = (image: string) => ImageAuth;
export const noLogins: ImageLogins = (image) => ({ registry: registryOf(image) });

/** Asks the registry (through the manager, with the login) for the image's digest. */
export async function distribution(
  docker: Docker,
  image: string,
  login: ImageAuth = { registry: registryOf(image) },
): Promise<ResolvedImage> {
  try {
    const info = (await docker
      .getImage(image)
      .distribution(login.auth ? { authconfig: login.auth } : {})) as {
      Descriptor: { digest: string };
      Platforms?: { architecture: string; os: string }[];
    };
    const platforms = (info.Platforms ?? []).map((p) => ({
      // docker's client drops "arm": nodes report armv7l and would never match.
      Architecture: p.architecture.toLowerCase() === 'arm' ? '' : p.architecture,
      OS: p.os,
    }));
    return { image: `${familiar(image)}@${info.Descriptor.digest}`, platforms };
  } catch (error) {
    const message = engineMessage(error);
    return { image, unpinned: true, denied: deniedMessage(image, login, message) };
  }
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

export const unpinnedWarning = (tagged: string) =>
  `image ${tagged} could not be accessed on a registry to record its digest. Each node will access ${tagged} independently, possibly leading to different nodes running different versions of the image.`;
