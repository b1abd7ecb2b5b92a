import { describe, expect, it } from 'vitest';
import {
  decodeErrorMessage,
  DroverError,
  encodeErrorMessage,
  errorCodes,
  isErrorPayload,
  type ErrorPayload,
} from './errors.js';

describe('error messages across the contextBridge', () => {
  it.each(errorCodes.map((code) => [code]))('round-trips code %s and its message', (code) => {
    const payload: ErrorPayload = { code, message: `Something about ${code} went wrong` };
    const decoded = decodeErrorMessage(encodeErrorMessage(payload));
    expect(decoded).toBeInstanceOf(DroverError);
    expect(decoded.code).toBe(code);
    expect(decoded.message).toBe(payload.message);
  });

  it('keeps a multi-line message whole', () => {
    const message = 'Deploy failed:\n  web: image not found\n  db: no suitable node\n';
    const decoded = decodeErrorMessage(encodeErrorMessage({ code: 'CONFLICT', message }));
    expect(decoded.code).toBe('CONFLICT');
    expect(decoded.message).toBe(message);
  });

  it('keeps a message that itself starts with brackets', () => {
    const decoded = decodeErrorMessage(
      encodeErrorMessage({ code: 'NOT_FOUND', message: '[web.1] container is gone' }),
    );
    expect(decoded.code).toBe('NOT_FOUND');
    expect(decoded.message).toBe('[web.1] container is gone');
  });

  it('turns an unknown code into INTERNAL and keeps the message', () => {
    const decoded = decodeErrorMessage('[TEAPOT] short and stout');
    expect(decoded.code).toBe('INTERNAL');
    expect(decoded.message).toBe('short and stout');
  });

  it('turns a message without a code into INTERNAL, unchanged', () => {
    const text = "Error invoking remote method 'drover:invoke': boom";
    const decoded = decodeErrorMessage(text);
    expect(decoded.code).toBe('INTERNAL');
    expect(decoded.message).toBe(text);
  });
});

describe('DroverError.from and isErrorPayload', () => {
  it('rebuilds a DroverError from a payload received over the wire', () => {
    const error = DroverError.from({ code: 'FORBIDDEN', message: 'no' });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'DroverError', code: 'FORBIDDEN', message: 'no' });
  });

  it('does not trust codes it does not know', () => {
    const error = DroverError.from({ code: 'ROOT' as ErrorPayload['code'], message: 'x' });
    expect(error.code).toBe('INTERNAL');
  });

  it('recognises payloads and rejects other values', () => {
    expect(isErrorPayload({ code: 'CONFLICT', message: 'dup' })).toBe(true);
    expect(isErrorPayload(null)).toBe(false);
    expect(isErrorPayload('CONFLICT')).toBe(false);
    expect(isErrorPayload({ code: 'CONFLICT' })).toBe(false);
    expect(isErrorPayload({ code: 1, message: 'x' })).toBe(false);
  });
});

describe('error details', () => {
  it('cross the Electron bridge (message only) with the error, multi-line messages included', () => {
    const details = {
      outcome: 'unknown' as const,
      applied: [{ kind: 'service', name: 'shop_web', action: 'created' as const }],
      rollbackTo: 3,
    };
    const sent = new DroverError('UNAVAILABLE', 'line one\nline two', details).payload();
    const back = decodeErrorMessage(encodeErrorMessage(sent));
    expect(back).toMatchObject({ code: 'UNAVAILABLE', message: 'line one\nline two', details });
  });

  it('are left out when there are none', () => {
    const back = decodeErrorMessage(encodeErrorMessage({ code: 'CONFLICT', message: 'dup' }));
    expect(back.details).toBeUndefined();
    expect(back.message).toBe('dup');
  });
});
