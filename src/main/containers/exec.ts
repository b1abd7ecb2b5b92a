// Interactive shells: a TTY exec through the host's Docker API, over the host's one SSH
// connection (a hijacked HTTP connection on a stream-local channel, no SSH session used).
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { StreamOutput, StreamSource } from './streams.js';

/** bash where the image has it, else sh (most images have one of them). */
export const DEFAULT_SHELL = [
  '/bin/sh',
  '-c',
  'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi',
];

/** Marks a shell's processes (inherited by its children) so closing can find and end them. */
const MARKER = 'DROVER_EXEC';

/**
 * Docker has no API to end an exec, and a TTY exec whose connection closes keeps running. Closing
 * therefore hangs up every process carrying the stream's marker, then kills what ignored it.
 */
const HANG_UP = `m="$1"
each() { for p in /proc/[0-9]*; do
  tr '\\000' '\\n' < "$p/environ" 2>/dev/null | grep -qx "$m" && kill "-$1" "\${p#/proc/}" 2>/dev/null
done; }
each HUP; sleep 1; each KILL; true`;

export interface ExecOptions {
  command?: string[];
  cols: number;
  rows: number;
  /** Unique per stream (its id). */
  marker: string;
}

function translate(error: unknown, containerId: string): Error {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 404)
    return new DroverError('NOT_FOUND', `No container ${containerId} on this host`);
  if (status === 409)
    return new DroverError('PRECONDITION_FAILED', `Container ${containerId} is not running`);
  return error as Error;
}

export async function startExec(
  docker: Docker,
  containerId: string,
  options: ExecOptions,
  output: StreamOutput,
): Promise<StreamSource> {
  const container = docker.getContainer(containerId);
  const marker = `${MARKER}=${options.marker}`;
  let exec: Docker.Exec;
  let socket: Duplex;
  try {
    exec = await container.exec({
      Cmd: options.command ?? DEFAULT_SHELL,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: [marker, 'TERM=xterm-256color'],
    });
    socket = (await exec.start({ hijack: true, stdin: true, Detach: false, Tty: true })) as Duplex;
  } catch (error) {
    throw translate(error, containerId);
  }

  const resize = async (cols: number, rows: number) => {
    try {
      await exec.resize({ w: cols, h: rows });
    } catch (error) {
      throw translate(error, containerId);
    }
  };
  // The process may not be running yet when start answers: one retry covers it.
  void resize(options.cols, options.rows).catch(() =>
    setTimeout(() => void resize(options.cols, options.rows).catch(() => undefined), 100),
  );

  const decoder = new StringDecoder('utf8');
  let closedByUs = false;
  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    output.data(decoder.end());
    if (closedByUs) return output.end();
    // 126/127: the command could not be run at all; say so instead of a silent end.
    void exec
      .inspect()
      .then((info) => {
        const code = info.ExitCode ?? 0;
        output.end(
          code === 126 || code === 127
            ? `${(options.command ?? DEFAULT_SHELL).join(' ')}: cannot run (exit ${code})`
            : undefined,
        );
      })
      .catch(() => output.end());
  };
  socket.on('data', (chunk: Buffer) => output.data(decoder.write(chunk)));
  socket.on('error', () => undefined); // 'close' follows
  socket.on('end', finish);
  socket.on('close', finish);

  return {
    input: (data) => {
      if (!ended) socket.write(data);
    },
    resize,
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => {
      closedByUs = true;
      socket.destroy();
      void hangUp(container, exec, marker);
    },
  };
}

/** Ends a shell left running by a closed stream (see HANG_UP). Best effort: it may be gone. */
async function hangUp(container: Docker.Container, exec: Docker.Exec, marker: string) {
  try {
    if (!(await exec.inspect()).Running) return;
    const killer = await container.exec({
      Cmd: ['/bin/sh', '-c', HANG_UP, 'drover-hang-up', marker],
      AttachStdout: false,
      AttachStderr: false,
    });
    // Detached, Docker answers at once; read the (empty) answer so its channel closes.
    const answer = (await killer.start({ Detach: true })) as { resume?: () => void } | undefined;
    answer?.resume?.();
  } catch {
    // The container stopped meanwhile, or has no sh: nothing more to do from here.
  }
}
