/** Counts occurrences and remembers the first few line numbers: the shape of most warnings. */
export class LineSample {
  count = 0;
  readonly lines: number[] = [];

  constructor(private readonly keep: number = 10) {}

  add(line: number): void {
    this.count += 1;
    if (this.lines.length < this.keep) this.lines.push(line);
  }
}
