import { intAttr } from './attributes';
import type { Dim } from './dims';
import type { Node, TensorInfo } from './graph';

export interface ShapeValueContext {
  info(name: string): TensorInfo | undefined;
  get(name: string): Dim[] | undefined;
  set(name: string, dims: Dim[]): void;
}

/**
 * Tracks the contents of small int64 tensors that hold shapes (ONNX calls this data propagation):
 * `Reshape(g, Shape(x))` then has the static shape of x, which keeps gradient shapes known.
 */
export function propagateShapeValue(node: Node, ctx: ShapeValueContext): void {
  if (node.domain !== '') return;
  const out = node.outputs[0];
  if (out === undefined) return;
  const inputDims = (k: number) => {
    const name = node.inputs[k];
    return name ? ctx.get(name) : undefined;
  };
  switch (node.opType) {
    case 'Shape': {
      const info = ctx.info(node.inputs[0]!);
      if (!info) return;
      const rank = info.shape.length;
      const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
      const start = clamp(intAttr(node.attributes, 'start', 0));
      const end = clamp(intAttr(node.attributes, 'end', rank));
      ctx.set(out, info.shape.slice(start, end));
      return;
    }
    case 'Identity': {
      const d = inputDims(0);
      if (d) ctx.set(out, d);
      return;
    }
    case 'Concat': {
      const parts = node.inputs.map((_, k) => inputDims(k));
      if (parts.every((p) => p !== undefined)) ctx.set(out, parts.flatMap((p) => p!));
      return;
    }
    case 'Gather': {
      const data = inputDims(0);
      const index = inputDims(1);
      const indexInfo = ctx.info(node.inputs[1]!);
      if (!data || !index || !indexInfo) return;
      const picked = index.map((i) => (typeof i === 'number' ? data[i < 0 ? i + data.length : i] : undefined));
      if (picked.some((p) => p === undefined)) return;
      ctx.set(out, picked as Dim[]);
      return;
    }
    default:
      return;
  }
}
