import type { GradientRegion } from '../autodiff/gradient-region';
import { elementCount, hostTensor, type HostTensor } from '../tensor/host-tensor';
import { type Attributes } from './attributes';
import { type Dim } from './dims';
import { type DType } from './dtype';
import { DEFAULT_OPSET, type Graph, type Node, type TensorInfo, type Value } from './graph';
import { propagateShapeValue, type ShapeValueContext } from './shape-values';

export interface NodeOptions {
  attributes?: Attributes;
  domain?: string;
  /** Exact output tensor names (a taken name throws); generated from the scope and op type where missing. */
  outputNames?: (string | undefined)[];
  /** Node name; defaults to the first output's name. */
  name?: string;
}

type InputRef = Value | string | null;

/**
 * Builds a Graph node by node. Tensor names stay meaningful: callers name weights and key activations,
 * everything else is named `<scope>/<OpType>` and made unique with a numeric suffix.
 */
export class GraphBuilder {
  private readonly graph: Graph;
  private readonly usedNames = new Set<string>(); // tensor names
  private readonly nodeNames = new Set<string>();
  private readonly scopes: string[] = [];
  private readonly constantCache = new Map<string, Value>();
  private readonly shapeValues = new Map<string, Dim[]>();
  private unknownDims = 0;

  constructor(name: string, opset: number = DEFAULT_OPSET) {
    this.graph = {
      name,
      inputs: [],
      outputs: [],
      initializers: new Map(),
      nodes: [],
      values: new Map(),
      opsets: new Map([['', opset]]),
    };
  }

  /** A builder that extends a copy of `graph` (initializer tensors are shared, not copied). */
  static from(graph: Graph, name: string = graph.name): GraphBuilder {
    const b = new GraphBuilder(name);
    const g = b.graph;
    g.inputs.push(...graph.inputs);
    g.outputs.push(...graph.outputs);
    for (const [k, v] of graph.initializers) {
      g.initializers.set(k, v);
      b.noteShapeConstant(k, v);
    }
    for (const [k, v] of graph.values) {
      g.values.set(k, v);
      b.usedNames.add(k);
      for (const d of v.shape) b.noteUnknownDim(d);
    }
    for (const [k, v] of graph.opsets) g.opsets.set(k, v);
    if (graph.regions) g.regions = [...graph.regions];
    for (const node of graph.nodes) {
      g.nodes.push(node);
      b.nodeNames.add(node.name);
      propagateShapeValue(node, b.shapeValueContext);
    }
    return b;
  }

  // ---- naming -------------------------------------------------------------------------------

  /** Runs `fn` with `name` appended to the naming scope (joined with '.', as in HF module paths). */
  scope<T>(name: string, fn: () => T): T {
    this.scopes.push(name);
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  get currentScope(): string {
    return this.scopes.join('.');
  }

  /** `base` if unused, else `base_1`, `base_2`, ... Reserves the returned name. */
  uniqueName(base: string): string {
    let name = base;
    for (let k = 1; this.usedNames.has(name); k++) name = `${base}_${k}`;
    this.usedNames.add(name);
    return name;
  }

  private scoped(suffix: string): string {
    const scope = this.currentScope;
    return scope ? `${scope}/${suffix}` : suffix;
  }

  /** A dim that equals only itself: for sizes static inference cannot follow. */
  unknownDim(): Dim {
    return `?${++this.unknownDims}`;
  }

  private noteUnknownDim(d: Dim): void {
    if (typeof d !== 'string') return;
    for (const m of d.matchAll(/\?(\d+)/g)) this.unknownDims = Math.max(this.unknownDims, Number(m[1]));
  }

  // ---- tensors ------------------------------------------------------------------------------

  input(name: string, dtype: DType, shape: Dim[]): Value {
    this.claim(name);
    const v: Value = { name, dtype, shape: [...shape] };
    this.graph.inputs.push(v);
    this.graph.values.set(name, { dtype, shape: v.shape });
    return v;
  }

  /** A named initializer (weights, frozen tensors). */
  initializer(name: string, tensor: HostTensor): Value {
    this.claim(name);
    return this.addInitializer(name, tensor);
  }

  private addInitializer(name: string, tensor: HostTensor): Value {
    this.graph.initializers.set(name, tensor);
    const info: TensorInfo = { dtype: tensor.dtype, shape: [...tensor.shape] };
    this.graph.values.set(name, info);
    this.noteShapeConstant(name, tensor);
    return { name, ...info };
  }

  private noteShapeConstant(name: string, tensor: HostTensor): void {
    if (tensor.dtype === 'int64' && tensor.shape.length <= 1) {
      this.shapeValues.set(name, Array.from(tensor.data as BigInt64Array, Number));
    }
  }

  /** An anonymous constant; small ones are deduplicated so repeated scalars share one initializer. */
  constant(tensor: HostTensor, hint = 'const'): Value {
    const small = elementCount(tensor.shape) <= 16;
    const key = small ? `${tensor.dtype}|${tensor.shape}|${Array.from(tensor.data as ArrayLike<number | bigint>).join(',')}` : '';
    if (small) {
      const hit = this.constantCache.get(key);
      if (hit) return hit;
    }
    const v = this.addInitializer(this.uniqueName(this.scoped(hint)), tensor);
    if (small) this.constantCache.set(key, v);
    return v;
  }

  /** A rank-0 constant. */
  scalar(value: number, dtype: DType): Value {
    return this.constant(hostTensor(dtype, [], [value]), 'scalar');
  }

  /** A 1-D int64 constant: axes, shapes, slice bounds. */
  int64s(values: number[]): Value {
    return this.constant(hostTensor('int64', [values.length], values), 'ints');
  }

  /** Declares `value` a graph output, under `name` if given (renamed through an Identity node). */
  output(value: Value, name: string = value.name): Value {
    let out = value;
    if (name !== value.name) {
      out = this.node('Identity', [value], [{ dtype: value.dtype, shape: value.shape }], { outputNames: [name] })[0]!;
    }
    if (this.graph.outputs.some((o) => o.name === out.name)) throw new Error(`'${out.name}' is already a graph output`);
    this.graph.outputs.push(out);
    return out;
  }

  // ---- nodes --------------------------------------------------------------------------------

  /**
   * Appends a node. `outputs` gives each output's static info (op helpers infer it); the returned
   * Values carry the final names.
   */
  node(opType: string, inputs: InputRef[], outputs: TensorInfo[], options: NodeOptions = {}): Value[] {
    const inputNames = inputs.map((i) => (i === null ? '' : typeof i === 'string' ? i : i.name));
    for (const n of inputNames) {
      if (n !== '' && !this.graph.values.has(n)) throw new Error(`${opType}: unknown input tensor '${n}'`);
    }
    const results: Value[] = outputs.map((info, k) => {
      const requested = options.outputNames?.[k];
      if (requested !== undefined) this.claim(requested);
      const name = requested ?? this.uniqueName(this.scoped(opType));
      return { name, dtype: info.dtype, shape: [...info.shape] };
    });
    const node: Node = {
      name: options.name ?? this.uniqueNodeName(results[0]?.name ?? this.scoped(opType)),
      opType,
      domain: options.domain ?? '',
      inputs: inputNames,
      outputs: results.map((r) => r.name),
      attributes: options.attributes ?? {},
    };
    if (node.domain !== '' && !this.graph.opsets.has(node.domain)) this.graph.opsets.set(node.domain, 1);
    this.graph.nodes.push(node);
    for (const r of results) this.graph.values.set(r.name, { dtype: r.dtype, shape: r.shape });
    propagateShapeValue(node, this.shapeValueContext);
    return results;
  }

  private uniqueNodeName(base: string): string {
    let name = base;
    for (let k = 1; this.nodeNames.has(name); k++) name = `${base}_${k}`;
    this.nodeNames.add(name);
    return name;
  }

  /** Reserves an exact name the caller chose; a collision is a bug in the caller, so it throws. */
  private claim(name: string): void {
    if (!name) throw new Error('tensor names must be non-empty');
    if (this.usedNames.has(name)) throw new Error(`tensor name '${name}' is already used`);
    this.usedNames.add(name);
  }

  private readonly shapeValueContext: ShapeValueContext = {
    info: (n) => this.graph.values.get(n),
    get: (n) => this.shapeValues.get(n),
    set: (n, dims) => this.shapeValues.set(n, dims),
  };

  // ---- queries ------------------------------------------------------------------------------

  value(name: string): Value {
    const info = this.graph.values.get(name);
    if (!info) throw new Error(`no tensor named '${name}'`);
    return { name, ...info };
  }

  has(name: string): boolean {
    return this.graph.values.has(name);
  }

  /** The initializer behind `v`, if it is one (used to read constant axes, shapes, exponents). */
  constantValue(v: Value | string): HostTensor | undefined {
    return this.graph.initializers.get(typeof v === 'string' ? v : v.name);
  }

  /** The statically known contents of a 1-D int64 tensor (a constant, Shape(x), or a Concat of those). */
  shapeValue(v: Value | string): Dim[] | undefined {
    return this.shapeValues.get(typeof v === 'string' ? v : v.name);
  }

  get opset(): number {
    return this.graph.opsets.get('') ?? DEFAULT_OPSET;
  }

  get nodes(): readonly Node[] {
    return this.graph.nodes;
  }

  /** The graph built so far. Later builder calls keep extending the same object. */
  /** Marks a stretch of nodes whose backward pass the region writes itself. */
  addRegion(region: GradientRegion): void {
    (this.graph.regions ??= []).push(region);
  }

  build(): Graph {
    return this.graph;
  }
}
