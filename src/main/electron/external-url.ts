// Which links may leave the app for the user's browser: web pages only (http and https, e.g. a
// service's published port), never file:, javascript:, custom schemes or credentials in the URL.
export function isExternalWebUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    parsed.hostname !== '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
