import { describe, expect, it } from 'vitest';
import { keyFileWords, networkWords } from './error-words';

const sys = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('networkWords', () => {
  it('says in words why a host cannot be reached, keeping the code as the detail', () => {
    expect(
      networkWords('10.0.0.5', 22, sys('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.5:22')),
    ).toEqual({
      message: 'No route to host 10.0.0.5 — is it up and on this network?',
      detail: 'connect EHOSTUNREACH 10.0.0.5:22',
    });
    expect(networkWords('db1', 2222, sys('ECONNREFUSED', 'connect ECONNREFUSED'))?.message).toBe(
      'db1 port 2222 refused the connection — is sshd running there, on port 2222?',
    );
    expect(
      networkWords('nohost.example', 22, sys('ENOTFOUND', 'getaddrinfo ENOTFOUND nohost.example')),
    ).toEqual({
      message:
        'No host named nohost.example was found in DNS — check the spelling, or use its IP address',
      detail: 'getaddrinfo ENOTFOUND nohost.example',
    });
    for (const code of ['ETIMEDOUT', 'ECONNRESET', 'ENETUNREACH', 'EAI_AGAIN'])
      expect(networkWords('h', 22, sys(code, 'x'))?.message, code).not.toContain(code);
  });

  it('leaves other errors to the caller', () => {
    expect(networkWords('h', 22, new Error('Protocol error'))).toBeNull();
  });
});

describe('keyFileWords', () => {
  it('names the file and what is wrong with it', () => {
    expect(keyFileWords('~/.ssh/id_lab', sys('ENOENT', 'open failed'))).toEqual({
      message: 'The key file ~/.ssh/id_lab does not exist on this machine',
      detail: 'ENOENT: open failed',
    });
    expect(keyFileWords('/k', sys('EACCES', "EACCES: permission denied, open '/k'")).message).toBe(
      "The console may not read the key file /k (permission denied) — check the file's owner and mode",
    );
  });
});
