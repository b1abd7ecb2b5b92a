// Small helpers shared by the unit tests (kept free of test-runner imports so it type-checks with
// the rest of src/main). Each test makes its own temporary folder and removes it afterwards.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DroverError } from '../shared/errors.js';
import { principalContext, type CallContext } from './rpc/context.js';

/** Temporary folders made by one test file; `cleanup()` removes them all (call it in afterEach). */
export class TempDirs {
  private readonly made: string[] = [];

  make(prefix = 'drover-test-'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.made.push(dir);
    return dir;
  }

  cleanup(): void {
    for (const dir of this.made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** SHA-256 of a file's bytes, to prove a file was left untouched. */
export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A caller as the audit log should name it. */
export const testContext: CallContext = principalContext(
  { kind: 'local-admin', name: 'alice' },
  'web',
);

/** The local admin under a test's name (an in-process shell: the desktop window, the CLI). */
export const adminContext = (name: string, shell: CallContext['shell']): CallContext =>
  principalContext({ kind: 'local-admin', name }, shell);

/** The DroverError a call throws; anything else thrown, or nothing, fails the test. */
export function thrownBy(fn: () => unknown): DroverError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DroverError) return error;
    throw new Error(`expected a DroverError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a DroverError, nothing was thrown');
}
