// drover logs: a service's logs merged from its tasks on every host, each line prefixed with its
// task as `docker service logs` does. Without --follow it exits at the end of the logs.
import type { StreamEnd } from '../../../shared/types.js';
import { createSink } from '../../rpc/sink.js';
import { UsageError, type CliIo, type Command, type CoreFactory } from '../command.js';
import { parseOptions, withCore } from '../run.js';

export function logsCommand(openCore: CoreFactory): Command {
  return {
    name: 'logs',
    summary: "print a service's logs from all its tasks",
    usage: 'drover logs [--env ENV] [--follow] [--tail N] [--timestamps] STACK/SERVICE',
    async run(args, globals, io) {
      const { values, positionals } = parseOptions(args, {
        env: { type: 'string' },
        follow: { type: 'boolean', short: 'f' },
        tail: { type: 'string', short: 'n' },
        timestamps: { type: 'boolean', short: 't' },
      });
      if (positionals.length !== 1) throw new UsageError('Name the service as STACK/SERVICE');
      const service = serviceName(positionals[0] as string);
      const tail = values.tail === undefined ? 200 : Number(values.tail);
      if (!Number.isInteger(tail) || tail < 0) throw new UsageError('--tail takes a number');
      const printer = new PrefixedLines(io);
      let finished!: (end: StreamEnd | null) => void;
      const done = new Promise<StreamEnd | null>((resolve) => (finished = resolve));
      const connection = createSink((event) => {
        if (event.event === 'stream.data') printer.print(event.payload.source, event.payload.data);
        else if (event.event === 'stream.end') finished(event.payload);
      });
      const interrupt = () => finished(null);
      return withCore(openCore, globals, async ({ core, ctx, connected }) => {
        const environment = await connected(values.env);
        try {
          await core.call(
            'logs.open',
            {
              environmentId: environment.id,
              service,
              follow: values.follow ?? false,
              tail,
              timestamps: values.timestamps ?? false,
            },
            { ...ctx, sink: connection.sink },
          );
          process.once('SIGINT', interrupt);
          process.once('SIGTERM', interrupt);
          const end = await done;
          if (end?.error) {
            io.err(`drover: ${end.error}`);
            return 1;
          }
          return 0;
        } finally {
          process.off('SIGINT', interrupt);
          process.off('SIGTERM', interrupt);
          connection.close();
        }
      });
    },
  };
}

/** "web-server/nginx-cluster" → the Swarm service web-server_nginx-cluster; a full name stays. */
export function serviceName(text: string): string {
  const match = /^([^/]+)\/([^/]+)$/.exec(text);
  return match ? `${match[1]}_${match[2]}` : text;
}

/** Prints whole lines as "<task> | <line>", the task column as wide as the widest seen. */
export class PrefixedLines {
  private width = 0;

  constructor(private readonly io: Pick<CliIo, 'out'>) {}

  print(source: string | undefined, data: string): void {
    const lines = data.replace(/\n$/, '').split('\n');
    if (!source) {
      this.io.out(lines.join('\n'));
      return;
    }
    this.width = Math.max(this.width, source.length);
    const prefix = `${source.padEnd(this.width)} | `;
    this.io.out(lines.map((line) => prefix + line).join('\n'));
  }
}
