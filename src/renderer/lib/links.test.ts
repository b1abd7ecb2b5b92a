import { describe, expect, it } from 'vitest';
import { parsePublishedPorts, webUrl } from './links';

describe('parsePublishedPorts', () => {
  it('reads published ports in both modes and leaves out exposed-only ones', () => {
    expect(parsePublishedPorts(['8080:80/tcp', '8443:443/tcp (host)', '53/udp'])).toEqual([
      { published: 8080, target: 80, protocol: 'tcp', hostMode: false },
      { published: 8443, target: 443, protocol: 'tcp', hostMode: true },
    ]);
  });
});

describe('webUrl', () => {
  it('opens http, https on TLS ports, and brackets IPv6 addresses', () => {
    expect(webUrl('10.77.0.21', 8080)).toBe('http://10.77.0.21:8080/');
    expect(webUrl('drvlab11', 443)).toBe('https://drvlab11:443/');
    expect(webUrl('fd00::5', 80)).toBe('http://[fd00::5]:80/');
    expect(webUrl('10.77.0.21', 9000, true)).toBe('https://10.77.0.21:9000/');
  });
});
