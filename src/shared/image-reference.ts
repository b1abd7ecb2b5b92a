// Is a text an image reference ("nginx", "registry:5000/team/app:1.2", "app@sha256:…")? The
// contract validates with it, and forms say the same before anything is sent.

export const IMAGE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;

/** Why a text is not an image reference, in words; null when it is one. */
export function imageReferenceProblem(text: string): string | null {
  const image = text.trim();
  if (!image) return 'Name an image, e.g. haproxy:lts or registry.example:5000/haproxy:2.8';
  if (image.length > 512) return 'An image reference is at most 512 characters';
  if (/\s/.test(image)) return 'An image reference has no spaces';
  if (!IMAGE_REFERENCE.test(image) || /[:@/]$/.test(image) || image.includes('//'))
    return 'Not an image reference: name[:tag] or name@sha256:digest, with an optional registry/ in front';
  return null;
}
