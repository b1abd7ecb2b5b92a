import { describe, expect, it } from 'vitest';
import { PrefixedLines, serviceName } from './logs.js';

describe('drover logs', () => {
  it('takes STACK/SERVICE or the full Swarm service name', () => {
    expect(serviceName('web-server/nginx-cluster')).toBe('web-server_nginx-cluster');
    expect(serviceName('web-server_nginx-cluster')).toBe('web-server_nginx-cluster');
  });

  it('prefixes every line with its task, the column as wide as the widest task seen', () => {
    const out: string[] = [];
    const lines = new PrefixedLines({ out: (t) => out.push(t) });
    lines.print('web_nginx.10@drvlab1', 'one\ntwo\n');
    lines.print('web_nginx.2@drvlab3', 'three\n');
    lines.print(undefined, 'plain\n');
    expect(out).toEqual([
      'web_nginx.10@drvlab1 | one\nweb_nginx.10@drvlab1 | two',
      'web_nginx.2@drvlab3  | three',
      'plain',
    ]);
  });
});
