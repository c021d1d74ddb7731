import { parsePeftLoraTensorName, type LoraAdapter, type LoraAdapterConfig } from '../io/lora/lora-adapter';
import { loraInputNames } from '../model/lora';
import type { TrainableInput } from '../model/llama-graph';
import { copyIntoOneBuffer } from '../optim/views-of-one-buffer';
import type { HostTensor } from '../tensor/host-tensor';

/** A trained tensor; trained in place, `owner` is the caller's tensor, whose `data` follows every replacement. */
interface Entry {
  shape: number[];
  data: Float32Array;
  owner?: HostTensor;
}

/**
 * The tensors being trained, by graph input name, as float32 arrays the optimizer updates in place.
 * Copies on the way in (unless told to train the caller's arrays in place) and on the way out.
 */
export class TrainableState {
  private constructor(
    private readonly tensors: Map<string, Entry>,
    /** The arrays are the caller's weights themselves (full fine-tuning in place). */
    readonly inPlace = false,
  ) {}

  /**
   * Full fine-tuning: the listed HF weights, copied, or with `inPlace` the very arrays of `weights`
   * (the model is then held once, and the caller's weights change with every step).
   */
  static fromWeights(inputs: readonly TrainableInput[], weights: ReadonlyMap<string, HostTensor>, inPlace = false): TrainableState {
    const tensors = new Map<string, Entry>();
    for (const { name, shape } of inputs) {
      const w = weights.get(name);
      if (!w || w.dtype !== 'float32') throw new Error(`trainable weight '${name}' must be a float32 tensor`);
      const data = w.data as Float32Array;
      tensors.set(name, inPlace ? { shape: [...shape], data, owner: w } : { shape: [...shape], data: data.slice() });
    }
    return new TrainableState(tensors, inPlace);
  }

  /** LoRA: the adapter's A and B matrices under their PEFT names; must cover exactly the graph's inputs. */
  static fromLoraAdapter(inputs: readonly TrainableInput[], adapter: LoraAdapter): TrainableState {
    const byName = new Map<string, HostTensor>();
    for (const [modulePath, pair] of adapter.modules) {
      const names = loraInputNames(modulePath);
      byName.set(names.A, pair.A);
      byName.set(names.B, pair.B);
    }
    if (byName.size !== inputs.length) {
      throw new Error(`the LoRA adapter has ${byName.size} tensors but the graph trains ${inputs.length}`);
    }
    const tensors = new Map<string, Entry>();
    for (const { name, shape } of inputs) {
      const t = byName.get(name);
      if (!t || t.shape.join() !== shape.join()) throw new Error(`LoRA tensor '${name}' is missing or not shaped [${shape}]`);
      tensors.set(name, { shape: [...shape], data: (t.data as Float32Array).slice() });
    }
    return new TrainableState(tensors);
  }

  get names(): string[] {
    return [...this.tensors.keys()];
  }

  /** The live arrays (updated in place by the optimizer). */
  get arrays(): Record<string, Float32Array> {
    return Object.fromEntries([...this.tensors].map(([n, t]) => [n, t.data]));
  }

  /**
   * Moves the named tensors into views of one ArrayBuffer (a copy, once), so the AdamW helper thread can
   * be lent them with one transfer. Trained in place, the caller's tensors are given the new arrays.
   */
  group(names: ReadonlySet<string>): void {
    const entries = [...this.tensors].filter(([name]) => names.has(name));
    const views = copyIntoOneBuffer(entries.map(([, t]) => t.data));
    for (const [i, [name]] of entries.entries()) this.adopt(name, views[i]!);
  }

  /** Puts `data` in place of tensor `name`'s array (the same values, e.g. handed back by the AdamW helper thread). */
  adopt(name: string, data: Float32Array): void {
    const t = this.tensors.get(name);
    // Not t.data.length: a lent array reads as length 0 until it is replaced.
    if (!t || t.shape.reduce((n, d) => n * d, 1) !== data.length) throw new Error(`no trainable tensor '${name}' of ${data.length} values`);
    t.data = data;
    if (t.owner) t.owner.data = data;
  }

  /** Graph feeds wrapping the live arrays. */
  feeds(): Record<string, HostTensor> {
    return Object.fromEntries([...this.tensors].map(([n, t]) => [n, { dtype: 'float32' as const, shape: t.shape, data: t.data }]));
  }

  /** A copy of every tensor, by graph input name (checkpoints, full fine-tuning export). */
  snapshot(): Map<string, HostTensor> {
    return new Map([...this.tensors].map(([n, t]) => [n, { dtype: 'float32' as const, shape: [...t.shape], data: t.data.slice() }]));
  }

  /** Overwrites every tensor from a snapshot (resume). */
  restore(snapshot: ReadonlyMap<string, HostTensor>): void {
    for (const [name, t] of this.tensors) {
      const saved = snapshot.get(name);
      if (!saved || saved.data.length !== t.data.length) throw new Error(`checkpoint lacks trainable tensor '${name}' of ${t.data.length} values`);
      t.data.set(saved.data as Float32Array);
    }
  }

  /** The trained LoRA matrices as an adapter (module paths from the PEFT names). */
  toLoraAdapter(config: LoraAdapterConfig): LoraAdapter {
    const modules: LoraAdapter['modules'] = new Map();
    for (const [name, t] of this.snapshot()) {
      const parsed = parsePeftLoraTensorName(name);
      if (!parsed) throw new Error(`'${name}' is not a PEFT LoRA tensor name`);
      const pair = modules.get(parsed.modulePath) ?? ({} as { A: HostTensor; B: HostTensor });
      pair[parsed.matrix] = t;
      modules.set(parsed.modulePath, pair);
    }
    return { config, modules };
  }
}
