import type { Command } from 'commander';
import { nonNegativeInt } from './int-options';

/** The model-shape options the engine benches share (defaults: bench-model.ts's bench model). */
export function withModelShapeOptions(command: Command): Command {
  return command
    .option('--hidden <n>', 'hidden size', nonNegativeInt, 512)
    .option('--layers <n>', 'decoder layers', nonNegativeInt, 8)
    .option('--heads <n>', 'attention heads', nonNegativeInt, 8)
    .option('--kv-heads <n>', 'key/value heads', nonNegativeInt, 8)
    .option('--intermediate <n>', 'MLP size (≈ 8/3 · hidden, as Llama)', nonNegativeInt, 1408)
    .option('--vocab <n>', 'vocabulary size', nonNegativeInt, 1024);
}
