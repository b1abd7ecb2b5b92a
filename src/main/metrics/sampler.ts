// Runs the sampler script on one host over a long-lived exec channel of its connection and hands
// out parsed records. A channel that ends while the host stays connected is reopened with
// backoff; after a reconnect the owner calls start() again with the new connection.
import type { ClientChannel } from 'ssh2';
import type { HostConnection } from '../ssh/host-connection.js';
import { RecordReader, type RawRecord, type SamplerHeader } from './record.js';
import { samplerCommand } from './sampler-script.js';

export interface SamplerEvents {
  header(header: SamplerHeader): void;
  record(record: RawRecord, receivedAt: number): void;
  /** The channel could not be opened or ended; it is retried while the host is connected. */
  failure(message: string): void;
}

export interface SamplerOptions {
  tickSeconds: number;
  now?: () => number;
  minRetryMs?: number;
  maxRetryMs?: number;
}

export class HostSampler {
  private channel: ClientChannel | undefined;
  private retry: NodeJS.Timeout | undefined;
  private retryMs: number;
  private generation = 0;

  constructor(
    private readonly events: SamplerEvents,
    private readonly options: SamplerOptions,
  ) {
    this.retryMs = options.minRetryMs ?? 1_000;
  }

  /** (Re)starts sampling over this connection, replacing any channel open before. */
  start(connection: HostConnection): void {
    this.stop();
    const generation = ++this.generation;
    const now = this.options.now ?? Date.now;
    const reader = new RecordReader(
      (record) => this.events.record(record, now()),
      (header) => this.events.header(header),
    );
    const again = (message: string) => {
      if (generation !== this.generation) return;
      this.channel = undefined;
      this.events.failure(message);
      if (connection.status.state !== 'connected') return; // the next connect restarts it
      this.retry = setTimeout(() => this.start(connection), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 30_000);
    };
    connection
      .openChannel(samplerCommand(this.options.tickSeconds))
      .then((channel) => {
        if (generation !== this.generation) {
          channel.close();
          return;
        }
        this.channel = channel;
        let gotRecord = false;
        channel.setEncoding('utf8');
        channel.on('data', (chunk: string) => {
          reader.push(chunk);
          if (!gotRecord) {
            gotRecord = true;
            this.retryMs = this.options.minRetryMs ?? 1_000;
          }
        });
        let errors = '';
        channel.stderr.on('data', (chunk: Buffer) => {
          if (errors.length < 2000) errors += chunk.toString('utf8');
        });
        channel.on('close', () => again(errors.trim() || 'The sampler ended'));
      })
      .catch((error: Error) => again(error.message));
  }

  stop(): void {
    this.generation++;
    clearTimeout(this.retry);
    this.channel?.close();
    this.channel = undefined;
  }
}
