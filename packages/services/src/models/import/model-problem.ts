import { AppError } from '@whetstone/common';

/** One thing wrong with a model folder: which file, which config field or tensor, and why. */
export interface ModelProblem {
  file: string;
  /** The config.json / tokenizer_config.json field, or the tensor name, when the problem has one. */
  field: string | null;
  reason: string;
}

const SHOWN_IN_MESSAGE = 5;

/**
 * A folder that cannot be registered, with every problem found (not just the first): 400
 * `invalid_model_folder`, the problems listed in `error.problems`.
 */
export class ModelImportError extends AppError {
  constructor(readonly problems: ModelProblem[]) {
    const shown = problems.slice(0, SHOWN_IN_MESSAGE).map(describeProblem).join('; ');
    const more = problems.length > SHOWN_IN_MESSAGE ? `; and ${problems.length - SHOWN_IN_MESSAGE} more (see problems)` : '';
    super(400, 'invalid_request_error', 'invalid_model_folder', `The model folder cannot be imported (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${shown}${more}`);
  }

  override toBody() {
    const body = super.toBody();
    return { error: { ...body.error, problems: this.problems } };
  }
}

export function describeProblem(p: ModelProblem): string {
  return `${p.file}${p.field ? ` ${p.field}` : ''}: ${p.reason}`;
}
