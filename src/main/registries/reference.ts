// Which registry an image reference names, the way Docker reads it (distribution/reference's
// splitDockerDomain): the first path component is a registry only if it has a '.' or a ':' or is
// "localhost"; otherwise the image is on Docker Hub. Credentials are looked up by that address.

export const DOCKER_HUB = 'docker.io';
/** The address docker's client logs in to for Docker Hub (its config.json key). */
export const DOCKER_HUB_LOGIN = 'https://index.docker.io/v1/';

const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The registry of an image reference: "10.77.0.2:5001/whoami:lab" → "10.77.0.2:5001". */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = image.slice(0, slash);
  if (!/[.:]/.test(first) && first !== 'localhost') return DOCKER_HUB;
  return normalizeRegistry(first);
}

/** One spelling per registry: lower case, Docker Hub's aliases as docker.io. */
export function normalizeRegistry(address: string): string {
  const lower = address.trim().toLowerCase();
  return HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/** What the engine wants in X-Registry-Auth (dockerode base64url-encodes it). */
export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

export function registryAuth(address: string, username: string, password: string): RegistryAuth {
  return {
    username,
    password,
    serveraddress: address === DOCKER_HUB ? DOCKER_HUB_LOGIN : address,
  };
}
