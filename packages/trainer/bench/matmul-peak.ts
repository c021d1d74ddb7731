import { fillNormal, mulberry32 } from '../src/data/seeded-random';
import { serializeModel } from '../src/graph/export-onnx';
import { GraphBuilder } from '../src/graph/graph-builder';
import * as op from '../src/graph/ops';
import { GraphSession } from '../src/runtime/graph-session';
import type { RuntimeConfig } from '../src/runtime/runtime-config';
import type { HostTensor } from '../src/tensor/host-tensor';

/**
 * The machine's practical matmul peak through the same runtime: one n×n by n×n float32 MatMul graph
 * (2n³ FLOPs a run). `b` is fed each run like a trainable input, or is an initializer that ONNX
 * Runtime prepacks once, like a frozen weight; the bench takes the best of both as the peak.
 */
export async function matmulPeakProbe(
  n: number,
  b: 'fed' | 'initializer',
  runtime: Partial<RuntimeConfig>,
): Promise<{ run: () => Promise<unknown>; flops: number; release: () => Promise<void> }> {
  const random = mulberry32(n);
  const matrix = () => ({ dtype: 'float32' as const, shape: [n, n], data: fillNormal(new Float32Array(n * n), 1, random) });
  const builder = new GraphBuilder(`matmul.${n}.${b}`);
  const x = builder.input('a', 'float32', [n, n]);
  const y = b === 'fed' ? builder.input('b', 'float32', [n, n]) : builder.initializer('b', matrix());
  builder.output(op.matMul(builder, x, y, 'c'));
  const session = await GraphSession.create(serializeModel(builder.build()), runtime);
  const feeds: Record<string, HostTensor> = b === 'fed' ? { a: matrix(), b: matrix() } : { a: matrix() };
  return { run: () => session.run(feeds), flops: 2 * n ** 3, release: () => session.release() };
}
