// A command's output collected in memory, capped: a command that prints without end (a log
// dumped by mistake, a loop) must not grow the console's memory with it.

/** 8 MiB: far above what any command the console runs prints (stats, scripts, probes). */
export const MAX_COMMAND_OUTPUT_BYTES = 8 * 1024 * 1024;

export class BoundedOutput {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private over = false;

  constructor(private readonly limit = MAX_COMMAND_OUTPUT_BYTES) {}

  /** Keeps the chunk; false (and nothing kept) once the total passed the limit. */
  push(chunk: Buffer): boolean {
    if (this.over) return false;
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.over = true;
      this.chunks.length = 0;
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  get overflowed(): boolean {
    return this.over;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The words for a command stopped by the cap. */
export const overflowMessage = (limit = MAX_COMMAND_OUTPUT_BYTES) =>
  `The command printed more than ${Math.round(limit / 1024 / 1024)} MiB: stopped`;
