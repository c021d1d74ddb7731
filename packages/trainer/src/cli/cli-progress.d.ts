/** The part of cli-progress 3.12 the CLI uses (the package ships no types and @types/cli-progress is not installed). */
declare module 'cli-progress' {
  interface ProgressOptions {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    barsize?: number;
    etaBuffer?: number;
    gracefulExit?: boolean;
  }
  class SingleBar {
    update(value: number, payload?: Record<string, unknown>): void;
    increment(step?: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
  class MultiBar {
    constructor(options: ProgressOptions, preset?: unknown);
    create(total: number, startValue: number, payload?: Record<string, unknown>): SingleBar;
    log(text: string): void;
    stop(): void;
  }
  const Presets: { shades_classic: unknown; shades_grey: unknown; rect: unknown; legacy: unknown };
}
