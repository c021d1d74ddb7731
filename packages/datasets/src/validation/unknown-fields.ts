import { LineSample } from './line-sample';

/** Distinct field paths remembered; a hostile file can't grow this without bound. */
const MAX_DISTINCT_PATHS = 50;
const MAX_PATH_CHARS = 100;

/** Tracks fields that validation ignores (ids, metadata, unknown message keys). */
export class UnknownFields {
  readonly lines = new LineSample();
  private readonly byPath = new Map<string, number>();
  private otherPaths = 0;
  private lastLine = 0;

  add(path: string, line: number): void {
    if (line !== this.lastLine) {
      this.lastLine = line;
      this.lines.add(line);
    }
    const key = path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS)}…` : path;
    const seen = this.byPath.get(key);
    if (seen !== undefined) this.byPath.set(key, seen + 1);
    else if (this.byPath.size < MAX_DISTINCT_PATHS) this.byPath.set(key, 1);
    else this.otherPaths += 1;
  }

  // e.g. "/id (1200×), /messages/*/refusal (3×)", most frequent first.
  describe(): string {
    const parts = [...this.byPath.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([path, count]) => `${path} (${count}×)`);
    if (this.otherPaths > 0) parts.push(`${this.otherPaths} more`);
    return parts.join(', ');
  }
}
