/**
 * Where we differ from OpenAI's fine-tuning and files API, as listed on /docs: the fields we
 * accept that OpenAI does not, and OpenAI's fields we do not support with the answer they get.
 */
export const EXTENSION_FIELDS: readonly { where: string; fields: string }[] = [
  { where: 'POST /v1/fine_tuning/jobs', fields: '`training_type` (`{type:"lora",r,alpha,dropout,target_modules}` or `{type:"full"}`), `validation_split`, `eval_interval`, `checkpoint_interval`, `early_stopping` (`{patience,min_delta}`), `checkpoint_selection` (last|best), `eval_metrics`, `priority`; query `dry_run=true`' },
  { where: 'hyperparameters (top level or method.*)', fields: '`learning_rate_scheduler`, `warmup_ratio`, `warmup_steps`, `weight_decay`, `max_grad_norm`, `max_seq_length`, `gradient_accumulation_steps`, `max_steps`; DPO: `loss_type` (sigmoid|ipo|hinge), `label_smoothing`' },
  { where: 'GET /v1/fine_tuning/jobs', fields: 'query `status`' },
  { where: 'fine_tuning.job object', fields: '`user_provided_suffix`, `training_type`, `parent_model` and `parent_fine_tuning_job` (warm starts), `priority`, `spec` (resolved values and estimates), `progress`, `queue`, `started_at`, `attempts`' },
  { where: 'POST /v1/fine_tuning/jobs `model`', fields: 'as OpenAI: a base model, a fine-tuned model (`ft:…`) or a checkpoint (`ft:…:ckpt-step-N`); a warm start trains on the parent\'s base model from its adapter (LoRA) or weights (full; a LoRA parent is merged), inheriting its `training_type` unless given' },
  { where: 'model object (`GET /v1/models`, `/v1/models/{id}`)', fields: '`kind` (base|fine_tuned); base: `display_name`, `visibility`, `architecture`, `parameter_count`, `context_length`, `supported_methods`, `training_price_per_1m_tokens`, `license`, `deprecated`, `replaced_by`, `resources`; fine-tuned: `parent` (base model), `parent_model` (warm start parent), `lineage`, `fine_tuning_job`, `artifact`' },
  { where: 'dry run (`?dry_run=true`)', fields: '`fine_tuning.job.dry_run` object: `model`, `parent_model`, `method`, `worker_class`, `spec`, `estimates`' },
  { where: 'chat training lines', fields: 'as OpenAI: `tools`, `tool_calls`, `parallel_tool_calls`, and the legacy `functions` / `function_call` / role `function` shape (converted to tools); ours: `weight` (0|1) on assistant messages' },
  { where: 'file object', fields: '`format`, `sha256`, `validation` (summary); `GET /v1/files/{id}/validation` has the full report' },
  { where: 'extra routes', fields: '`GET /v1/fine_tuning/jobs/{id}/metrics`, `…/metrics.csv`, `…/result`, `…/events?stream=true` (SSE), webhooks, organization usage' },
];

export const UNSUPPORTED_OPENAI_FIELDS: readonly { field: string; answer: string }[] = [
  { field: '`integrations` with any entry (e.g. wandb)', answer: '400 `unsupported_integration`, param `integrations`, naming the type (`[]` and `null` are accepted)' },
  { field: '`method.type: "reinforcement"` (and `method.reinforcement`)', answer: '400 `invalid_value`, param `method.type`' },
  { field: 'any other OpenAI field we do not know (e.g. reinforcement hyperparameters `reasoning_effort`, `compute_multiplier`)', answer: '400 `unknown_parameter`, param naming the field' },
  { field: 'file `purpose` other than `fine-tune` (assistants, batch, vision, user_data, evals)', answer: '400 `invalid_value`, param `purpose`, naming the allowed value; `fine-tune-results` files are made by us, not uploaded' },
  { field: 'any other multipart field on `POST /v1/files` (`expires_after` is supported: anchor `created_at`, seconds 3600-2592000)', answer: '400 `unknown_parameter`, param naming the field' },
  { field: '`/v1/uploads` (multi-part uploads), checkpoint permissions (`/v1/fine_tuning/checkpoints/{id}/permissions`)', answer: '404 `unknown_route`' },
];

export function compatibilityMarkdown(): string {
  return [
    '## Compatibility with OpenAI',
    'Paths, objects, `object` tags, cursor lists and error bodies follow OpenAI; OpenAI\'s nullable fields (`seed`, `suffix`, `validation_file`, `metadata`, `integrations`, `hyperparameters`) accept `null`, hyperparameters accept `"auto"`.',
    '',
    '### Fields we accept that OpenAI does not',
    '',
    '| where | fields |',
    '|---|---|',
    ...EXTENSION_FIELDS.map((e) => `| ${e.where} | ${e.fields} |`),
    '',
    '### OpenAI fields we do not support',
    '',
    '| field | answer |',
    '|---|---|',
    ...UNSUPPORTED_OPENAI_FIELDS.map((e) => `| ${e.field} | ${e.answer} |`),
  ].join('\n');
}
