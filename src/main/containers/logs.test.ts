import { PassThrough } from 'node:stream';
import Modem from 'docker-modem';
import { describe, expect, it } from 'vitest';
import { DroverError } from '../../shared/errors.js';
import { LineFramer, MergedLogs, pipeLogs, taskLabel, type LogSink } from './logs.js';
import type { StreamOutput } from './streams.js';

const modem = new Modem();

/** One frame of Docker's multiplexed log format: [type, 0, 0, 0, size(4, BE)] + payload. */
function frame(type: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function recorder() {
  const got: { stream: string; text: string }[] = [];
  let ended: { error?: Error } | undefined;
  const sink: LogSink = {
    data: (chunk, stream) => got.push({ stream, text: chunk.toString() }),
    end: (error) => (ended = { error }),
  };
  return { got, sink, ended: () => ended };
}

describe('pipeLogs', () => {
  it('splits multiplexed output into stdout and stderr, across chunk boundaries', async () => {
    const response = new PassThrough();
    const r = recorder();
    pipeLogs(response, false, r.sink, modem);
    const bytes = Buffer.concat([
      frame(1, 'out one\n'),
      frame(2, 'err one\n'),
      frame(1, 'out two\n'),
    ]);
    // Cut inside a header and inside a payload.
    for (const cut of [
      [0, 5],
      [5, 19],
      [19, bytes.length],
    ] as const)
      response.write(bytes.subarray(cut[0], cut[1]));
    response.end();
    await new Promise((resolve) => response.on('close', resolve));
    expect(r.got).toEqual([
      { stream: 'stdout', text: 'out one\n' },
      { stream: 'stderr', text: 'err one\n' },
      { stream: 'stdout', text: 'out two\n' },
    ]);
    expect(r.ended()).toEqual({ error: undefined });
  });

  it('passes a TTY container output through unchanged', () => {
    const response = new PassThrough();
    const r = recorder();
    pipeLogs(response, true, r.sink, modem);
    response.write('\u0001raw bytes, no frames\n');
    expect(r.got).toEqual([{ stream: 'stdout', text: '\u0001raw bytes, no frames\n' }]);
  });

  it('ends once, with the error when the response fails', () => {
    const response = new PassThrough();
    const r = recorder();
    let ends = 0;
    pipeLogs(response, true, { ...r.sink, end: () => void ends++ }, modem);
    response.destroy(new Error('channel closed'));
    response.emit('end');
    expect(ends).toBe(1);
  });
});

describe('LineFramer', () => {
  it('gives whole lines only and keeps a split UTF-8 character intact', () => {
    const framer = new LineFramer();
    const bytes = Buffer.from('größe 1\nzwei');
    expect(framer.push(bytes.subarray(0, 3))).toBe(''); // cuts "ö" in half
    expect(framer.push(bytes.subarray(3, 11))).toBe('größe 1\n');
    expect(framer.push(bytes.subarray(11))).toBe('');
    expect(framer.flush()).toBe('zwei\n');
    expect(framer.flush()).toBe('');
  });
});

describe('LineFramer bound', () => {
  it('cuts a line that never ends into pieces of the maximum, keeping less than one piece', () => {
    const framer = new LineFramer(10);
    let out = '';
    for (let i = 0; i < 1000; i++) out += framer.push(Buffer.from('abcdefg'));
    // 7,000 characters without a newline: 700 pieces of 10 went out, nothing piles up.
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .every((line) => line.length === 10),
    ).toBe(true);
    const rest = framer.flush();
    expect(rest.length).toBeLessThanOrEqual(11);
    expect((out + rest).replace(/\n/g, '')).toBe('abcdefg'.repeat(1000));
    expect(framer.push(Buffer.from('end\n'))).toBe('end\n');
  });
});

describe('taskLabel', () => {
  it('names replicated tasks by slot and global ones by host', () => {
    expect(taskLabel('web_nginx', 3, 'drvlab2', 'web_nginx.3.abc')).toBe('web_nginx.3@drvlab2');
    expect(taskLabel('mon_agent', null, 'drvlab1', 'mon_agent.nodeid.taskid')).toBe(
      'mon_agent@drvlab1',
    );
    expect(taskLabel('x', null, 'h', 'plain')).toBe('plain');
  });
});

describe('MergedLogs', () => {
  function output() {
    const data: { data: string; source?: string }[] = [];
    let ends = 0;
    const out: StreamOutput = {
      data: (d, source) => void (d && data.push({ data: d, source })),
      end: () => void ends++,
    };
    return { out, data, ends: () => ends };
  }

  /** A container whose sink the test drives. */
  function fake() {
    const c = { sink: undefined as LogSink | undefined, stopped: 0, paused: false };
    const attach = async (sink: LogSink) => {
      c.sink = sink;
      return {
        close: () => void c.stopped++,
        pause: () => void (c.paused = true),
        resume: () => void (c.paused = false),
      };
    };
    return { c, attach };
  }

  it('prefixes whole lines per task, per stream, and ends when all are read (no follow)', async () => {
    const o = output();
    const merged = new MergedLogs(o.out, false);
    const one = fake();
    const two = fake();
    await merged.add('id1', 'web.1@h1', one.attach);
    await merged.add('id2', 'web.2@h2', two.attach);
    merged.allAdded();
    one.c.sink!.data(Buffer.from('half'), 'stdout');
    two.c.sink!.data(Buffer.from('err line\n'), 'stderr');
    one.c.sink!.data(Buffer.from(' line\nnext'), 'stdout');
    one.c.sink!.end();
    expect(o.ends()).toBe(0);
    two.c.sink!.end();
    expect(o.data).toEqual([
      { data: 'err line\n', source: 'web.2@h2' },
      { data: 'half line\n', source: 'web.1@h1' },
      { data: 'next\n', source: 'web.1@h1' },
    ]);
    expect(o.ends()).toBe(1);
  });

  it('stays open in follow mode, takes tasks that start later, and stops all on close', async () => {
    const o = output();
    const merged = new MergedLogs(o.out, true);
    const one = fake();
    await merged.add('id1', 'web.1@h1', one.attach);
    merged.allAdded();
    one.c.sink!.end(); // the task died
    expect(o.ends()).toBe(0);
    const later = fake();
    await merged.add('id9', 'web.1@h3', later.attach);
    await merged.add('id9', 'web.1@h3', later.attach); // the same container twice: once
    later.c.sink!.data(Buffer.from('back\n'), 'stdout');
    merged.close();
    expect(later.c.stopped).toBe(1);
    expect(o.data).toEqual([{ data: 'back\n', source: 'web.1@h3' }]);
  });

  it('pauses every container it reads, including one that joins while paused', async () => {
    const merged = new MergedLogs(output().out, true);
    const one = fake();
    await merged.add('id1', 'web.1@h1', one.attach);
    merged.pause();
    const later = fake();
    await merged.add('id2', 'web.2@h2', later.attach);
    expect([one.c.paused, later.c.paused]).toEqual([true, true]);
    merged.resume();
    expect([one.c.paused, later.c.paused]).toEqual([false, false]);
  });

  it('skips a task removed before it could be read, and reports other failures in-line', async () => {
    const o = output();
    const merged = new MergedLogs(o.out, false);
    await merged.add('gone', 'web.1@h1', () =>
      Promise.reject(new DroverError('NOT_FOUND', 'No container gone')),
    );
    await merged.add('bad', 'web.2@h2', () => Promise.reject(new Error('channel refused')));
    merged.allAdded();
    expect(o.data).toEqual([
      { data: '[drover] cannot read these logs: channel refused\n', source: 'web.2@h2' },
    ]);
    expect(o.ends()).toBe(1);
  });
});
