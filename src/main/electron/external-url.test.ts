import { describe, expect, it } from 'vitest';
import { isExternalWebUrl } from './external-url.js';

describe('isExternalWebUrl', () => {
  it('lets web pages out, such as a published port on a host', () => {
    expect(isExternalWebUrl('http://10.77.0.21:8080/')).toBe(true);
    expect(isExternalWebUrl('https://example.org/docs')).toBe(true);
    expect(isExternalWebUrl('http://[fd00::1]:80/')).toBe(true);
  });

  it('keeps every other scheme and credentials in', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-settings:',
      'http://user:pw@host/',
      'not a url',
    ])
      expect(isExternalWebUrl(url), url).toBe(false);
  });
});
