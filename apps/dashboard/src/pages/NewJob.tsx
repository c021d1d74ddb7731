import { useState, type FormEvent } from 'react';
import { client, unwrap, type Schemas } from '../api';
import { ErrorBanner, Section, useAction, useLoad } from '../components/common';
import { useRoute } from '../router';

type Kind = 'lora' | 'full' | 'dpo';
type Body = Schemas['CreateFineTuningJobRequestInput'];

const HELP = {
  n_epochs: 'Passes over the training data. "auto" picks from the dataset size.',
  batch_size: 'Examples per optimizer step. Larger is smoother but uses more memory.',
  learning_rate_multiplier: 'Scales the base learning rate; lower is gentler.',
  r: 'LoRA rank: the size of the trained adapter (higher learns more, costs more).',
  beta: 'DPO: how far the model may move from the reference (lower moves further).',
};

/** Generation metrics scored on held-out examples for the base model and the tuned one. */
const EVAL_METRICS = [
  ['exact_match', 'Exact match with the reference answer'],
  ['json_valid', 'Answer is valid JSON'],
] as const;
type EvalMetric = (typeof EVAL_METRICS)[number][0];

const numberOr = (text: string): number | 'auto' => (text.trim() === '' || text === 'auto' ? 'auto' : Number(text));

/** A model given in the address (`?model=…`, e.g. a checkpoint's "Use as model"). */
const modelFromAddress = () => new URLSearchParams(window.location.search).get('model') ?? '';
/** Fine-tuned models and checkpoints are warm starts: training continues from them. */
const isWarmStart = (model: string) => model.startsWith('ft:');

/** A new job (LoRA, full or DPO) with a dry run that resolves hyperparameters and estimates first. */
export function NewJob() {
  const { navigate } = useRoute();
  const models = useLoad(async () => unwrap(await client.GET('/v1/models')), []);
  const files = useLoad(async () => unwrap(await client.GET('/v1/files', { params: { query: { limit: 100 } } })), []);
  const [kind, setKind] = useState<Kind>('lora');
  const [model, setModel] = useState(modelFromAddress);
  const [trainingFile, setTrainingFile] = useState('');
  const [validationFile, setValidationFile] = useState('');
  const [epochs, setEpochs] = useState('auto');
  const [batchSize, setBatchSize] = useState('auto');
  const [lr, setLr] = useState('auto');
  const [rank, setRank] = useState('8');
  const [beta, setBeta] = useState('0.1');
  const [suffix, setSuffix] = useState('');
  const [evalMetrics, setEvalMetrics] = useState<EvalMetric[]>([]);
  const [estimate, setEstimate] = useState<Schemas['FineTuningJobDryRun'] | null>(null);

  const body = (): Body => {
    const hyperparameters = { n_epochs: numberOr(epochs), batch_size: numberOr(batchSize), learning_rate_multiplier: numberOr(lr) };
    return {
      model: model || models.data?.data[0]?.id || '',
      training_file: trainingFile,
      ...(validationFile ? { validation_file: validationFile } : {}),
      ...(suffix ? { suffix } : {}),
      method:
        kind === 'dpo'
          ? { type: 'dpo', dpo: { hyperparameters: { ...hyperparameters, beta: numberOr(beta) } } }
          : { type: 'supervised', supervised: { hyperparameters } },
      // A warm start keeps its parent's adapter shape unless asked for full fine-tuning.
      ...(kind === 'full' ? { training_type: { type: 'full' } } : isWarmStart(model) ? {} : { training_type: { type: 'lora', r: Number(rank) } }),
      ...(evalMetrics.length ? { eval_metrics: evalMetrics.map((type) => ({ type })) } : {}),
    } as Body;
  };
  const dryRun = useAction(async () => {
    const result = unwrap(await client.POST('/v1/fine_tuning/jobs', { body: body(), params: { query: { dry_run: 'true' } } }));
    if (result.object === 'fine_tuning.job.dry_run') setEstimate(result);
  });
  const create = useAction(async () => {
    const job = unwrap(await client.POST('/v1/fine_tuning/jobs', { body: body() }));
    if (job.object === 'fine_tuning.job') navigate(`/jobs/${job.id}`);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  const processed = files.data?.data.filter((f) => f.status === 'processed') ?? [];
  const est = estimate?.estimates as Record<string, unknown> | undefined;

  return (
    <>
      <h1>New fine-tuning job</h1>
      <form onSubmit={onSubmit} className="job-form" aria-label="New fine-tuning job">
        <fieldset>
          <legend>Method</legend>
          {(
            [
              ['lora', 'LoRA (supervised): trains a small adapter; fast and cheap'],
              ['full', 'Full fine-tuning (supervised): trains every weight'],
              ['dpo', 'DPO (preference pairs): LoRA adapter trained on preferred vs rejected answers'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="radio">
              <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} /> {label}
            </label>
          ))}
        </fieldset>
        <label>
          Model (a base model, or a fine-tuned model or checkpoint to continue from)
          <select value={model} onChange={(e) => setModel(e.target.value)} aria-describedby="help-model">
            {model && !models.data?.data.some((m) => m.id === model) && <option value={model}>{model}</option>}
            {models.data?.data.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id}
              </option>
            ))}
          </select>
          <small id="help-model">
            {isWarmStart(model) ? "Continues from this model's weights on its base model, keeping its LoRA rank and targets." : 'Training starts from the base model.'}
          </small>
        </label>
        <label>
          Training file
          <select required value={trainingFile} onChange={(e) => setTrainingFile(e.target.value)}>
            <option value="">Choose a processed file…</option>
            {processed.map((f) => (
              <option key={f.id} value={f.id}>
                {f.filename} ({f.validation?.examples} examples, {f.format})
              </option>
            ))}
          </select>
        </label>
        <label>
          Validation file (optional; otherwise a held-out split)
          <select value={validationFile} onChange={(e) => setValidationFile(e.target.value)}>
            <option value="">None</option>
            {processed.map((f) => (
              <option key={f.id} value={f.id}>
                {f.filename}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Hyperparameters</legend>
          <label>
            Epochs <input value={epochs} onChange={(e) => setEpochs(e.target.value)} aria-describedby="help-epochs" />
            <small id="help-epochs">{HELP.n_epochs}</small>
          </label>
          <label>
            Batch size <input value={batchSize} onChange={(e) => setBatchSize(e.target.value)} aria-describedby="help-batch" />
            <small id="help-batch">{HELP.batch_size}</small>
          </label>
          <label>
            Learning rate multiplier <input value={lr} onChange={(e) => setLr(e.target.value)} aria-describedby="help-lr" />
            <small id="help-lr">{HELP.learning_rate_multiplier}</small>
          </label>
          {kind !== 'full' && !isWarmStart(model) && (
            <label>
              LoRA rank <input type="number" min={1} value={rank} onChange={(e) => setRank(e.target.value)} aria-describedby="help-r" />
              <small id="help-r">{HELP.r}</small>
            </label>
          )}
          {kind === 'dpo' && (
            <label>
              Beta <input value={beta} onChange={(e) => setBeta(e.target.value)} aria-describedby="help-beta" />
              <small id="help-beta">{HELP.beta}</small>
            </label>
          )}
        </fieldset>
        <fieldset aria-describedby="help-eval">
          <legend>Evaluation: base vs tuned</legend>
          <small id="help-eval">Scores generated answers on held-out examples, for the base model before training and the tuned model after.</small>
          {EVAL_METRICS.map(([type, label]) => (
            <label key={type} className="radio">
              <input
                type="checkbox"
                checked={evalMetrics.includes(type)}
                onChange={(e) => setEvalMetrics((prev) => (e.target.checked ? [...prev, type] : prev.filter((m) => m !== type)))}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <label>
          Suffix (part of the fine-tuned model's name)
          <input value={suffix} onChange={(e) => setSuffix(e.target.value)} />
        </label>
        <div className="buttons">
          <button type="button" onClick={() => void dryRun.run()} disabled={dryRun.pending || !trainingFile}>
            Estimate (dry run)
          </button>
          <button type="submit" disabled={create.pending || !trainingFile}>
            Start training
          </button>
        </div>
        <ErrorBanner error={dryRun.error ?? create.error} />
      </form>
      {estimate && (
        <Section title="Dry run: nothing has been created">
          <dl className="stats" data-testid="estimate">
            {est &&
              Object.entries(est).map(([k, v]) => (
                <span key={k} className="stat-pair">
                  <dt>{k.replaceAll('_', ' ')}</dt>
                  <dd>{typeof v === 'number' ? Number(v.toPrecision(6)) : JSON.stringify(v)}</dd>
                </span>
              ))}
          </dl>
          <details>
            <summary>Resolved specification</summary>
            <pre>{JSON.stringify(estimate.spec, null, 2)}</pre>
          </details>
        </Section>
      )}
    </>
  );
}
