import { Command, InvalidArgumentError, Option } from 'commander';
import { parseSftHyperparameters, sftHyperparametersSchema, type SftHyperparameters } from '../loop/sft-hyperparameters';
import type { ExecutionProviderName } from '../runtime/runtime-config';

/** Everything `whetstone-train` was asked to do, validated. */
export interface TrainCliArgs {
  model: string;
  train: string;
  validation?: string;
  validationSplit: number;
  output: string;
  metricsFile?: string;
  hyperparameters: SftHyperparameters;
  threads: number;
  executionProvider: ExecutionProviderName;
}

const DEFAULTS = sftHyperparametersSchema.parse({});

const int = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return n;
};
const num = (min: number, { exclusive = false } = {}) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (exclusive && n === min)) {
    throw new InvalidArgumentError(`expected a number ${exclusive ? '>' : '>='} ${min}`);
  }
  return n;
};
const targetModules = (value: string) => (value === 'all-linear' ? 'all-linear' : value.split(',').map((m) => m.trim()).filter(Boolean));

/** The command line of `whetstone-train`; hyperparameter defaults come from the same schema the loop validates with. */
export function trainCommand(): Command {
  return new Command('whetstone-train')
    .description('Supervised fine-tuning (LoRA or full) of a Llama-family model folder on a JSONL chat or prompt/completion dataset')
    .requiredOption('--model <dir>', 'Hugging Face model folder (config.json, *.safetensors, tokenizer.json)')
    .requiredOption('--train <file>', 'training data, JSON Lines: {"messages": [...]} or {"prompt", "completion"} per line')
    .requiredOption('--output <dir>', 'where to write the PEFT adapter (lora) or the model folder (full)')
    .addOption(new Option('--validation <file>', 'held-out data in the same format').conflicts('validationSplit'))
    .option('--validation-split <fraction>', 'hold out this fraction of the training data for validation', num(0), 0)
    .addOption(new Option('--method <kind>', 'what to train').choices(['lora', 'full']).default(DEFAULTS.method))
    .option('--lora-r <n>', 'LoRA rank', int(1), DEFAULTS.lora.r)
    .option('--lora-alpha <x>', 'LoRA alpha (scale alpha/r)', num(0, { exclusive: true }), DEFAULTS.lora.alpha)
    .option('--lora-dropout <p>', 'dropout on the LoRA branch input', num(0), DEFAULTS.lora.dropout)
    .option('--target-modules <list>', 'comma-separated q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj, or all-linear', targetModules, DEFAULTS.lora.targetModules)
    .option('--rslora', 'rank-stabilised LoRA (scale alpha/sqrt(r))')
    .option('--learning-rate <x>', 'peak learning rate', num(0, { exclusive: true }), DEFAULTS.learningRate)
    .addOption(new Option('--schedule <kind>', 'learning-rate decay after warmup').choices(['constant', 'linear', 'cosine']).default(DEFAULTS.schedule))
    .addOption(new Option('--warmup-steps <n>', 'linear warmup steps').argParser(int(0)).conflicts('warmupRatio'))
    .option('--warmup-ratio <fraction>', 'warmup as a fraction of all steps', num(0), DEFAULTS.warmupRatio)
    .option('--weight-decay <x>', 'AdamW decoupled weight decay (not on norms or biases)', num(0), DEFAULTS.weightDecay)
    .addOption(new Option('--max-grad-norm <x>', 'clip the global gradient norm to this').argParser(num(0, { exclusive: true })).default(DEFAULTS.maxGradNorm).conflicts('clip'))
    .option('--no-clip', 'do not clip gradients')
    .option('--batch-size <n>', 'rows per micro-batch', int(1), DEFAULTS.batchSize)
    .option('--grad-accum <n>', 'micro-batches per optimizer step', int(1), DEFAULTS.gradientAccumulationSteps)
    .option('--epochs <n>', 'passes over the training data (default 1 unless --max-steps)', int(1))
    .option('--max-steps <n>', 'stop after this many optimizer steps', int(1))
    .option('--max-length <n>', 'cut examples to this many tokens (packed rows hold at most this many)', int(2), DEFAULTS.maxLength)
    .option('--seed <n>', 'seed of shuffling, LoRA init and dropout', int(0), DEFAULTS.seed)
    .option('--no-shuffle', 'keep the file order in every epoch')
    .option('--pack', 'pack several examples per row')
    .option('--eval-every <n>', 'validate every n steps (0: only at the end)', int(0), DEFAULTS.evalEvery)
    .option('--metrics-file <file>', 'write per-step metrics as JSON lines here')
    .option('--threads <n>', 'ONNX Runtime intra-op threads (0: one per core)', int(0), 0)
    .addOption(new Option('--execution-provider <name>', 'ONNX Runtime execution provider').choices(['cpu', 'cuda', 'webgpu']).default('cpu'))
    .showHelpAfterError();
}

/** Validates the parsed flags into TrainCliArgs (hyperparameters through the loop's schema). */
export function trainCliArgs(command: Command): TrainCliArgs {
  const o = command.opts<Record<string, unknown>>();
  if ((o.validationSplit as number) >= 1) throw new InvalidArgumentError('--validation-split must be below 1');
  const hyperparameters = parseSftHyperparameters({
    method: o.method as 'lora' | 'full',
    lora: {
      r: o.loraR as number,
      alpha: o.loraAlpha as number,
      dropout: o.loraDropout as number,
      targetModules: o.targetModules as SftHyperparameters['lora']['targetModules'],
      useRslora: o.rslora === true,
    },
    learningRate: o.learningRate as number,
    schedule: o.schedule as SftHyperparameters['schedule'],
    warmupSteps: o.warmupSteps as number | undefined,
    warmupRatio: o.warmupRatio as number,
    weightDecay: o.weightDecay as number,
    maxGradNorm: o.clip === false ? 0 : (o.maxGradNorm as number),
    batchSize: o.batchSize as number,
    gradientAccumulationSteps: o.gradAccum as number,
    epochs: o.epochs as number | undefined,
    maxSteps: o.maxSteps as number | undefined,
    maxLength: o.maxLength as number,
    seed: o.seed as number,
    shuffle: o.shuffle !== false,
    packing: o.pack === true,
    evalEvery: o.evalEvery as number,
  });
  return {
    model: o.model as string,
    train: o.train as string,
    validation: o.validation as string | undefined,
    validationSplit: o.validationSplit as number,
    output: o.output as string,
    metricsFile: o.metricsFile as string | undefined,
    hyperparameters,
    threads: o.threads as number,
    executionProvider: o.executionProvider as ExecutionProviderName,
  };
}
