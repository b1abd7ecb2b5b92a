// Image references as docker's client writes them into service specs: pinned to the registry's
// digest where the registry answers, with the platforms it offers.
import type Docker from 'dockerode';

export interface ResolvedImage {
  image: string;
  platforms?: { Architecture: string; OS: string }[];
  /** No registry answered: the tag stays, and each node resolves it on its own. */
  unpinned?: boolean;
}

/** Asks the registry (through the manager) for the image's digest; undefined if it cannot. */
export async function distribution(
  docker: Docker,
  image: string,
): Promise<ResolvedImage | undefined> {
  try {
    const info = (await docker.getImage(image).distribution({})) as {
      Descriptor: { digest: string };
      Platforms?: { architecture: string; os: string }[];
    };
    const platforms = (info.Platforms ?? []).map((p) => ({
      // docker's client drops "arm": nodes report armv7l and would never match.
      Architecture: p.architecture.toLowerCase() === 'arm' ? '' : p.architecture,
      OS: p.os,
    }));
    return { image: `${familiar(image)}@${info.Descriptor.digest}`, platforms };
  } catch {
    return undefined;
  }
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
