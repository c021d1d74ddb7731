/**
 * @whetstone/trainer: a Python-free training engine. Graphs are built in TypeScript, differentiated in
 * TypeScript, run by ONNX Runtime; the optimizer runs on the host.
 */

// Shared contracts
export * from './tensor/host-tensor';
export type { LlamaConfig } from './model/llama-config';

// Graph IR and ONNX export
export { GraphBuilder, type NodeOptions } from './graph/graph-builder';
export * as op from './graph/ops';
export { attr, type Attribute, type Attributes } from './graph/attributes';
export { DEFAULT_OPSET, IR_VERSION, valueOf, type Graph, type Node, type TensorInfo, type Value } from './graph/graph';
export type { Dim } from './graph/dims';
export type { DType } from './graph/dtype';
export { serializeModel, saveModel, initializerBytes, type SaveModelOptions, type SavedModel } from './graph/export-onnx';

// Reverse-mode autodiff
export { buildGradientGraph, gradientName, type GradientGraphOptions } from './autodiff/build-gradient-graph';
export { GRADIENT_RULES, findGradientRule } from './autodiff/registry';
export type { GradientRule, GradContext } from './autodiff/gradient-rule';
export { checkGradients, type GradientCheckOptions, type TensorGradientCheck } from './autodiff/gradient-check';

// Runtime
export { GraphSession } from './runtime/graph-session';
export { SessionCache } from './runtime/session-cache';
export { sessionForGraph, type SessionForGraphOptions } from './runtime/session-for-graph';
export { DEFAULT_RUNTIME_CONFIG, resolveRuntimeConfig, type ExecutionProviderName, type RuntimeConfig } from './runtime/runtime-config';

// Optimizer
export {
  AdamW,
  DEFAULT_ADAMW,
  adamWStateFromTensors,
  adamWStateToTensors,
  type AdamWHyperparameters,
  type AdamWState,
  type ParamSpec,
} from './optim/adamw';
export { learningRateAt, type LrSchedule, type ScheduleType } from './optim/lr-schedule';
export { clipGradNorm, globalGradNorm } from './optim/grad-clip';
export { GradientAccumulator } from './optim/grad-accumulator';
export { shouldDecay, type DecayPolicy } from './optim/weight-decay';

// Llama model graphs
export {
  buildLlamaGraph,
  LLAMA_IO,
  type LlamaGraph,
  type LlamaGraphOptions,
  type TrainableInput,
  type TrainableWeights,
} from './model/llama-graph';
export { initLoraAdapter, loraInputNames, resolveTargetModules, type LoraSettings } from './model/lora';
export { llamaBatchFeeds, type TokenRows } from './model/llama-feeds';

// Training
export { buildLlamaTrainingGraph } from './train/training-graph';
export { LlamaTrainer, type LlamaTrainerOptions, type StepMetrics, type TrainerCheckpoint, type TrainingMethod } from './train/llama-trainer';
export { TrainableState } from './train/trainable-state';
export { labelStats, type LabelStats } from './train/label-stats';

// Generation
export { generate, type Generation, type GenerationOptions, type LogitsModel } from './generate/generate';
export { createLogitsModel, type LogitsModelOptions } from './generate/logits-model';
export { greedyToken, topPToken, type Sampling } from './generate/sampling';

// Model files: safetensors, Hugging Face folders, PEFT adapters, the tiny test model
export * from './io';

// Chat data to token batches
export * from './data';
