import type { ValidationProgress } from '../../../audit/validate/index.js';

/** A one-line progress bar on stderr, drawn only on a terminal, and awscli's per-file lines. */
export class ProgressPrinter {
  private total = 0;
  private done = 0;

  constructor(
    private readonly verbose: boolean,
    private readonly text: boolean,
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {}

  on = (event: ValidationProgress): void => {
    if ('type' in event) {
      this.total += event.digestCount;
    } else {
      if (event.kind === 'digest') this.done++;
      if (this.text) this.printLine(event);
    }
    this.drawBar();
  };

  finish(): void {
    if (this.err.isTTY) this.err.write('\r\x1b[2K');
  }

  private printLine(event: Exclude<ValidationProgress, { type: 'listed' }>): void {
    if (this.err.isTTY) this.err.write('\r\x1b[2K');
    if (event.kind === 'gap' || !event.valid) this.err.write(`${event.line}\n`);
    else if (this.verbose) this.out.write(`${event.line}\n`);
  }

  private drawBar(): void {
    if (!this.err.isTTY || this.total === 0) return;
    const width = 30;
    const filled = Math.min(width, Math.round((this.done / this.total) * width));
    this.err.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} digests`);
  }
}
