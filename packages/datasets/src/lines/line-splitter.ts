/** 4 MiB: far above any real example, small enough that one line can't hurt a worker. */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

/** Receives the lines a LineSplitter finds, in file order. */
export interface LineSink {
  /**
   * A non-blank line without its terminator (LF or CRLF), and without the UTF-8 BOM
   * on line 1. `bytes` is a view into a reused buffer: valid only during the call.
   */
  onLine(bytes: Buffer, lineNumber: number): void;
  /** A line longer than maxLineBytes; its bytes were counted and dropped, never buffered. */
  onLineTooLong(lineNumber: number, byteLength: number): void;
}

export interface LineSplitterOptions {
  maxLineBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Splits a byte stream into lines with memory bounded by maxLineBytes.
 *
 * Synchronous on purpose: the caller awaits chunks, and every line inside a chunk
 * is handed over without a promise per line, which keeps the hot path cheap.
 * Lines that sit entirely inside one chunk are passed as views of that chunk;
 * only a line that straddles chunks is copied into the carry buffer.
 * Blank (empty or whitespace-only) lines are counted but not passed on.
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  private lineNumber = 0;
  private blank = 0;
  /** Bytes of the current line seen in earlier chunks. */
  private carry: Buffer = Buffer.alloc(0);
  private carryLength = 0;
  /** Set while discarding a line that grew past maxLineBytes; counts its bytes. */
  private skippedBytes = -1;
  /** Whether the last byte dropped so far was a CR (which belongs to a CRLF, not the line). */
  private skippedEndsWithCr = false;

  constructor(
    private readonly sink: LineSink,
    options: LineSplitterOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isInteger(this.maxLineBytes) || this.maxLineBytes < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer, got ${this.maxLineBytes}`);
    }
  }

  /** Lines seen so far, blank ones included. */
  get lines(): number {
    return this.lineNumber;
  }

  get blankLines(): number {
    return this.blank;
  }

  push(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) {
      // A stream with setEncoding() yields strings: decoding them again would be wrong.
      throw new TypeError(`expected Uint8Array chunks, got ${typeof chunk}; do not set an encoding on the stream`);
    }
    // A Buffer view (no copy) gets Node's memchr-based indexOf.
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const end = bytes.length;
    let start = 0;
    while (start < end) {
      const newline = bytes.indexOf(LF, start);
      const lineEnd = newline === -1 ? end : newline;
      if (this.skippedBytes >= 0) {
        this.skippedBytes += lineEnd - start;
        if (lineEnd > start) this.skippedEndsWithCr = bytes[lineEnd - 1] === CR;
      } else if (this.carryLength > 0 || newline === -1) {
        this.append(bytes, start, lineEnd);
      } else {
        this.emit(bytes, start, lineEnd);
      }
      if (newline === -1) return;
      if (this.skippedBytes >= 0) this.finishSkipped();
      else if (this.carryLength > 0) this.emitCarry();
      start = newline + 1;
    }
  }

  /** Flushes a last line that has no terminator. */
  end(): void {
    if (this.skippedBytes >= 0) this.finishSkipped();
    else if (this.carryLength > 0) this.emitCarry();
  }

  private append(bytes: Buffer, start: number, end: number): void {
    const length = end - start;
    if (length === 0) return;
    const needed = this.carryLength + length;
    // +1 leaves room for the CR of a CRLF: the limit applies to the line without it.
    if (needed > this.maxLineBytes + 1) {
      this.skippedBytes = needed;
      this.skippedEndsWithCr = bytes[end - 1] === CR;
      this.carryLength = 0;
      return;
    }
    if (needed > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.min(Math.max(needed, this.carry.length * 2, 4096), this.maxLineBytes + 1));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    bytes.copy(this.carry, this.carryLength, start, end);
    this.carryLength = needed;
  }

  private emitCarry(): void {
    const length = this.carryLength;
    this.carryLength = 0;
    this.emit(this.carry, 0, length);
  }

  private finishSkipped(): void {
    this.lineNumber += 1;
    // The CR of a CRLF was counted with the line; it is not part of it.
    const length = this.skippedBytes - (this.skippedEndsWithCr ? 1 : 0);
    this.skippedBytes = -1;
    this.skippedEndsWithCr = false;
    this.sink.onLineTooLong(this.lineNumber, length);
  }

  private emit(bytes: Buffer, start: number, end: number): void {
    this.lineNumber += 1;
    if (end > start && bytes[end - 1] === CR) end -= 1;
    if (this.lineNumber === 1 && end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) {
      start += 3;
    }
    // Length before blankness: a streamed-over long line can't be inspected, so a long
    // whitespace line must be "too long" however the stream happened to be chunked.
    if (end - start > this.maxLineBytes) {
      this.sink.onLineTooLong(this.lineNumber, end - start);
      return;
    }
    if (isBlank(bytes, start, end)) {
      this.blank += 1;
      return;
    }
    this.sink.onLine(bytes.subarray(start, end), this.lineNumber);
  }
}

function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (byte !== SPACE && byte !== TAB && byte !== CR) return false;
  }
  return true;
}
