import { SingleBar } from 'cli-progress';

/**
 * A progress bar on stderr (stdout stays for results). When stderr is not a terminal the bar
 * prints a plain line at each 10 % instead, so logs and tests still see progress.
 */
export class Progress {
  private bar: SingleBar | null = null;
  private lastDecile = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly format: (value: number) => string = String,
  ) {
    if (process.stderr.isTTY) {
      this.bar = new SingleBar(
        { format: `${label} [{bar}] {percentage}% {done}/{all}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
      );
      this.bar.start(total, 0, { done: format(0), all: format(total) });
    }
  }

  update(value: number): void {
    if (this.bar) {
      this.bar.update(value, { done: this.format(value), all: this.format(this.total) });
      return;
    }
    const decile = this.total > 0 ? Math.floor((value / this.total) * 10) : 10;
    if (decile > this.lastDecile) {
      this.lastDecile = decile;
      process.stderr.write(`${this.label} ${decile * 10}% (${this.format(value)}/${this.format(this.total)})\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
