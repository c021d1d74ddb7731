/**
 * Every error code the API answers with, its HTTP status and `type`, as listed on /docs. The
 * body is always OpenAI's {error:{message,type,param,code}}: `type` uses OpenAI's vocabulary,
 * `param` names the offending field, `code` is ours and stable. `retry: false` answers carry
 * `x-should-retry: false`, which OpenAI's SDKs honour (they would otherwise retry 409 and 429).
 */
export interface ErrorCatalogueEntry {
  status: number;
  type: string;
  code: string;
  when: string;
  retry?: false;
}

const invalid = 'invalid_request_error';

export const ERROR_CATALOGUE: readonly ErrorCatalogueEntry[] = [
  // Request shape
  { status: 400, type: invalid, code: 'invalid_value', when: 'A field fails validation (wrong type, out of range); param names it.' },
  { status: 400, type: invalid, code: 'unknown_parameter', when: 'A field we do not accept (including OpenAI fields we do not support); param names it.' },
  { status: 400, type: invalid, code: 'fst_err_ctp_invalid_json_body', when: 'A body that is not valid JSON.' },
  { status: 400, type: invalid, code: 'fst_err_ctp_empty_json_body', when: 'An empty body with content-type application/json.' },
  { status: 415, type: invalid, code: 'fst_err_ctp_invalid_media_type', when: 'A content-type the route does not take.' },
  { status: 400, type: invalid, code: 'invalid_idempotency_key', when: 'Idempotency-Key is not one header of 1-255 characters.' },
  { status: 404, type: invalid, code: 'unknown_route', when: 'No such path or method.' },
  { status: 413, type: invalid, code: 'payload_too_large', when: 'An upload over MAX_UPLOAD_BYTES (or a model folder over MODEL_IMPORT_MAX_BYTES).' },
  { status: 422, type: invalid, code: 'idempotency_key_reused', when: 'The same Idempotency-Key with a different request.' },
  // Authentication and roles
  { status: 401, type: 'authentication_error', code: 'missing_api_key', when: 'No Authorization header.' },
  { status: 401, type: 'authentication_error', code: 'invalid_api_key', when: 'A malformed or unknown API key.' },
  { status: 401, type: 'authentication_error', code: 'revoked_api_key', when: 'A revoked API key.' },
  { status: 401, type: 'authentication_error', code: 'missing_admin_token', when: 'An operator route without the operator token.' },
  { status: 401, type: 'authentication_error', code: 'invalid_admin_token', when: 'A wrong operator token.' },
  { status: 401, type: 'authentication_error', code: 'invalid_credentials', when: 'Dashboard sign-in with a wrong email or password.' },
  { status: 401, type: 'authentication_error', code: 'not_signed_in', when: 'An account route without a session.' },
  { status: 401, type: 'authentication_error', code: 'session_expired', when: 'An expired session cookie.' },
  { status: 403, type: 'permission_error', code: 'insufficient_role', when: 'Your role in the organization does not allow the action.' },
  { status: 403, type: 'permission_error', code: 'csrf_token_invalid', when: 'A session request that changes something without x-csrf-token.' },
  { status: 403, type: 'permission_error', code: 'invitation_email_mismatch', when: 'Accepting an invitation sent to another email.' },
  { status: 403, type: 'permission_error', code: 'model_not_deletable', when: 'DELETE /v1/models/{id} on a base model.' },
  { status: 400, type: invalid, code: 'missing_organization', when: 'A session request without the whetstone-organization header.' },
  { status: 400, type: invalid, code: 'password_too_short', when: 'Sign-up password under the minimum length.' },
  { status: 400, type: invalid, code: 'password_too_long', when: 'Sign-up password over the maximum length.' },
  // Resources
  { status: 404, type: invalid, code: 'not_found', when: "A missing resource, or another organization's (they answer alike)." },
  { status: 404, type: invalid, code: 'model_not_found', when: 'A model that does not exist or is not visible to you (also in a job body).' },
  { status: 400, type: invalid, code: 'file_not_found', when: 'A job names a file that does not exist (param: training_file or validation_file).' },
  { status: 400, type: invalid, code: 'invalid_file_purpose', when: "A job names a file whose purpose is not 'fine-tune'." },
  { status: 400, type: invalid, code: 'invalid_file_format', when: "The file's format does not fit the method (chat for supervised, preference for DPO)." },
  { status: 400, type: invalid, code: 'file_not_ready', when: 'A dry run names a file still being validated (a real create waits in validating_files).' },
  { status: 400, type: invalid, code: 'unsupported_integration', when: 'A non-empty integrations list; the message names the integration type.' },
  { status: 400, type: invalid, code: 'incompatible_parent_model', when: 'A warm start (model naming a fine-tuned model or checkpoint) asks another LoRA rank, alpha or target modules than the parent adapter, or LoRA over a fully tuned parent; param names the training_type field.' },
  { status: 400, type: invalid, code: 'model_deprecated', when: 'A job names a deprecated model; the message names its replacement.' },
  { status: 400, type: invalid, code: 'insufficient_memory', when: 'No worker class has the memory the job needs by the trainer\'s memory model; the message says how much and what would fit (batch_size, max_seq_length, LoRA).' },
  { status: 400, type: invalid, code: 'content_missing', when: "A file's stored content is gone." },
  { status: 400, type: invalid, code: 'invalid_model_folder', when: 'An imported model folder is not trainable; error.problems lists why.' },
  { status: 400, type: invalid, code: 'invalid_url', when: 'A webhook URL that does not parse or is too long.' },
  { status: 400, type: invalid, code: 'unsupported_url_scheme', when: 'A webhook URL that is not http(s).' },
  { status: 400, type: invalid, code: 'https_required', when: 'A plain http webhook URL.' },
  { status: 400, type: invalid, code: 'url_credentials_not_allowed', when: 'A webhook URL with user:password.' },
  { status: 400, type: invalid, code: 'url_unresolvable', when: 'A webhook host that does not resolve.' },
  { status: 400, type: invalid, code: 'url_forbidden_address', when: 'A webhook host resolving to a private, loopback or link-local address.' },
  // State conflicts: none changes on retry except the two marked otherwise.
  { status: 409, type: invalid, code: 'invalid_job_state', when: "The job's status does not allow the action (cancel a finished job, resume one not paused).", retry: false },
  { status: 409, type: invalid, code: 'job_not_succeeded', when: 'Results of a job that has not succeeded.', retry: false },
  { status: 409, type: invalid, code: 'file_in_use', when: 'Deleting a file an active job uses.', retry: false },
  { status: 409, type: invalid, code: 'model_in_use', when: 'Deleting a base model jobs reference (deprecate it instead).', retry: false },
  { status: 409, type: invalid, code: 'model_exists', when: 'Importing a model under a name taken by other content.', retry: false },
  { status: 409, type: invalid, code: 'endpoint_disabled', when: 'Replaying or testing a disabled webhook endpoint.', retry: false },
  { status: 409, type: invalid, code: 'delivery_pending', when: 'Replaying a delivery still being retried.', retry: false },
  { status: 409, type: invalid, code: 'email_taken', when: 'Signing up with an email that has an account.', retry: false },
  { status: 409, type: invalid, code: 'already_member', when: 'Inviting an existing member.', retry: false },
  { status: 409, type: invalid, code: 'last_owner', when: "Removing or demoting an organization's last owner.", retry: false },
  { status: 409, type: invalid, code: 'idempotency_request_in_progress', when: 'The first request with this Idempotency-Key is still running (retrying is right).' },
  { status: 409, type: invalid, code: 'concurrent_rotation', when: 'A webhook secret was rotated at the same moment (retrying is right).' },
  { status: 410, type: invalid, code: 'model_deleted', when: 'Results of a job whose fine-tuned model was deleted.' },
  { status: 410, type: invalid, code: 'checkpoint_deleted', when: "Files of a checkpoint whose objects are gone (the job's model was deleted)." },
  // Limits
  { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', when: 'Requests per minute per IP or organization; Retry-After says when.' },
  { status: 429, type: 'rate_limit_error', code: 'login_rate_limited', when: 'Too many failed sign-ins for an email or IP.' },
  { status: 429, type: 'rate_limit_error', code: 'signup_rate_limited', when: 'Too many sign-ups from one IP.' },
  { status: 429, type: 'quota_exceeded_error', code: 'quota_exceeded:max_queued_jobs', when: 'Queued plus validating jobs at the max_queued_jobs quota.', retry: false },
  { status: 429, type: 'quota_exceeded_error', code: 'quota_exceeded:monthly_trained_tokens', when: "The job's estimated tokens exceed what is left of the month's quota.", retry: false },
  { status: 429, type: 'quota_exceeded_error', code: 'quota_exceeded:storage_bytes', when: 'An upload would exceed the storage quota, or a job is created while it is full. A running job whose checkpoint, weights or results file would exceed it fails with this code.', retry: false },
  // Server side
  { status: 500, type: 'server_error', code: 'internal_error', when: 'An unexpected error; x-request-id identifies it in our logs.' },
  { status: 503, type: 'server_error', code: 'database_busy', when: 'No database connection freed up in time (a burst beyond the pool); retry after Retry-After.' },
  { status: 503, type: 'server_error', code: 'database_unavailable', when: 'Postgres cannot be reached (a restart, a failover); `x-should-retry: true`, retry after Retry-After.' },
  { status: 503, type: 'server_error', code: 'queue_unavailable', when: 'Redis (the job queue) cannot be reached; `x-should-retry: true`, retry after Retry-After.' },
  { status: 503, type: 'server_error', code: 'storage_unavailable', when: 'Object storage cannot be reached or fails; `x-should-retry: true`, retry after Retry-After.' },
  { status: 503, type: 'server_error', code: 'rate_limiter_unavailable', when: 'Writes while the rate limiter cannot be checked.' },
  { status: 503, type: 'server_error', code: 'idempotency_unavailable', when: 'Idempotency-Key requests while Redis is unreachable.' },
  { status: 503, type: 'server_error', code: 'login_unavailable', when: 'Sign-in while its limiter is unreachable.' },
  { status: 503, type: 'server_error', code: 'signup_unavailable', when: 'Sign-up while its limiter is unreachable.' },
];

/**
 * Codes a failed job carries in its `error` (GET /v1/fine_tuning/jobs/{id}), not HTTP answers.
 * A job that waited in validating_files fails with its file's first validation error code
 * (invalid_json, missing_messages, ... as in GET /v1/files/{id}/validation).
 */
export const JOB_FAILURE_CODES: readonly { code: string; when: string }[] = [
  { code: '<file validation code>', when: 'A file the job waited for failed validation: the first error code of its report, e.g. invalid_json.' },
  { code: 'file_validation_failed', when: 'A file the job waited for could not be validated at all.' },
  { code: 'invalid_file_format', when: "A validated file's format does not fit the method." },
  { code: 'invalid_training_data', when: 'An example could not be tokenized or trained on.' },
  { code: 'training_diverged', when: 'The loss became NaN/inf; lower the learning rate or enable clipping.' },
  { code: 'checkpoint_incompatible', when: 'A checkpoint or warm-start weights do not match the job.' },
  { code: 'parent_model_not_found', when: "A warm start's parent (fine-tuned model or checkpoint) was deleted before the job ran." },
  { code: 'base_model_corrupt', when: "The base model's stored files fail their checksums." },
  { code: 'quota_exceeded:monthly_trained_tokens', when: "The month's trained tokens ran out: when the files were validated (the estimate), or while the job ran." },
  { code: 'internal_error', when: 'Training failed on every retry.' },
];

export function errorCatalogueMarkdown(): string {
  const rows = ERROR_CATALOGUE.map((e) => `| ${e.status} | \`${e.type}\` | \`${e.code}\` | ${e.retry === false ? 'no' : 'yes/n.a.'} | ${e.when} |`);
  const jobRows = JOB_FAILURE_CODES.map((e) => `| \`${e.code}\` | ${e.when} |`);
  return [
    '## Errors',
    'Every error body is `{"error":{"message","type","param","code"}}`. Retry "no" means the answer carries `x-should-retry: false`.',
    '',
    '| status | type | code | retry | when |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '### Codes of failed jobs (`job.error.code`)',
    '',
    '| code | when |',
    '|---|---|',
    ...jobRows,
  ].join('\n');
}
