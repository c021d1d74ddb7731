import { AppError } from '@whetstone/common';

/** A model that does not exist or is not visible to the caller: the same 404 either way (OpenAI's code). */
export class ModelNotFoundError extends AppError {
  constructor(id: string, param: string | null = null) {
    super(404, 'invalid_request_error', 'model_not_found', `The model '${id}' does not exist or you do not have access to it.`, param);
  }
}
