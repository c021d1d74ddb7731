import type { ValidationErrorCode } from '../report/codes';
import type { ValidationError, ValidationReport } from '../report/report-schema';

export const DEFAULT_MAX_STORED_ERRORS = 100;

/** Keeps the first N errors in file order and counts every error by code. */
export class ErrorCollector {
  private readonly items: ValidationError[] = [];
  private readonly counts: Partial<Record<ValidationErrorCode, number>> = {};
  private total = 0;

  constructor(private readonly maxStored: number = DEFAULT_MAX_STORED_ERRORS) {}

  get count(): number {
    return this.total;
  }

  add(line: number | null, pointer: string, code: ValidationErrorCode, message: string): void {
    this.total += 1;
    this.counts[code] = (this.counts[code] ?? 0) + 1;
    if (this.items.length < this.maxStored) this.items.push({ line, pointer, code, message });
  }

  toReport(): ValidationReport['errors'] {
    return { items: this.items, counts: this.counts, total: this.total, truncated: this.total > this.items.length };
  }
}
