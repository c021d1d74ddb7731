/**
 * @whetstone/trainer: a Python-free training engine. Graphs are built in TypeScript, differentiated in
 * TypeScript, run by ONNX Runtime; the optimizer runs on the host.
 */

// Shared contracts
export * from './tensor/host-tensor';
export type { LlamaConfig, RopeScaling } from './model/llama-config';
export { architectureOf, CAUSAL_LM_CLASS, type ArchitectureFeatures, type SupportedModelType } from './model/architecture';

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
export { clipCoefficient, globalGradNorm } from './optim/grad-clip';
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
export { Trainer, type TrainerOptions, type StepBookkeeping, type TrainerCheckpoint, type TrainingMethod } from './train/trainer';
export type { TrainingObjective, ObjectivePass } from './train/training-objective';
export { SftObjective, type SftMetrics } from './train/sft-objective';
export { LlamaTrainer, type LlamaTrainerOptions, type StepMetrics } from './train/llama-trainer';
export { TrainableState } from './train/trainable-state';
export { predictTrainingMemory, needsRecompute, trainableParameters, type TrainingMemoryEstimate, type TrainingMemoryInput } from './memory/predict-training-memory';
export { resolveRecompute, type MemoryPlan } from './memory/resolve-recompute';
export { labelStats, type LabelStats } from './train/label-stats';

// Generation
export { generate, type Generation, type GenerationOptions, type LogitsModel } from './generate/generate';
export { createLogitsModel, type LogitsModelOptions } from './generate/logits-model';
export { greedyToken, topPToken, type Sampling } from './generate/sampling';

// Model files: safetensors, Hugging Face folders, PEFT adapters, the tiny test model
export * from './io';

// Chat data to token batches
export * from './data';

// Supervised fine-tuning loop: datasets to a trained adapter or model
export * from './loop';

// Preference tuning (DPO)
export { sequenceLogProbs, type SequenceLogProbs } from './model/sequence-log-probs';
export { DPO_LOSS_TYPES, dpoSettingsSchema, parseDpoSettings, dpoLossAtZeroMargin, type DpoLossType, type DpoSettings, type DpoSettingsInput } from './dpo/dpo-settings';
export { logSigmoid } from './dpo/log-sigmoid';
export { dpoLoss, type DpoLoss, type PairLogps } from './dpo/dpo-loss';
export { buildDpoGraph, buildDpoTrainingGraph, pairedDpoLoss, DPO_IO, DPO_METRIC_OUTPUTS, type DpoGraphOptions, type PreferenceRows } from './dpo/dpo-graph';
export { ReferenceLogps, type PairReferenceLogps } from './dpo/reference-logps';
export { dpoMetrics, type DpoMetrics, type PairValues } from './dpo/dpo-metrics';
export { initialTrainableState, optimizerFor } from './train/initial-trainable-state';
export { DpoObjective } from './dpo/dpo-objective';
export { DpoTrainer, type DpoTrainerOptions, type DpoStepMetrics } from './dpo/dpo-trainer';

// Evaluation: generation metrics and run health
export {
  generationMetricSpec,
  generationMetricSpecs,
  parseGenerationMetricSpecs,
  compileMetric,
  compileMetrics,
  type CompiledMetric,
  metricDisplayName,
  type GenerationMetricSpec,
  type GenerationMetricSpecInput,
  type GenerationMetricType,
} from './evaluation/metric-spec';
export type { GenerationSample, Score, MetricScorer } from './evaluation/metrics/metric-scorer';
export { evaluateGenerations, type GenerationEvaluation, type MetricResult, type SampleRow } from './evaluation/evaluate-generations';
export { runGenerationEval, type EvalPrompt, type GenerationEvalOptions, type GenerationEvalResult } from './evaluation/run-generation-eval';
export { SafeRegex, regexSafetyProblem, REGEX_LIMITS, SAFE_REGEX_FLAGS, UnsafeRegexError, RegexLimitError } from './evaluation/safe-regex';
export { compileJsonSchema, InvalidSchemaError, SUPPORTED_KEYWORDS, type JsonValidator, type SchemaViolation } from './evaluation/json-schema/compile-json-schema';
export { healthSignals, type HealthHistory } from './evaluation/health/health-signals';
export { detectDivergence, type DivergenceOptions } from './evaluation/health/divergence';
export { detectOverfitting, type OverfittingOptions } from './evaluation/health/overfitting';
export { detectDpoNotLearning, type DpoNotLearningOptions } from './evaluation/health/dpo-not-learning';
export { detectAccuracySaturated, type AccuracySaturatedOptions } from './evaluation/health/accuracy-saturated';
export type { HealthWarning, HealthWarningCode, LossPoint, DpoPoint } from './evaluation/health/health-warning';

// Checkpoints and run control (both loops)
export { saveCheckpoint } from './checkpoint/save-checkpoint';
export { loadCheckpoint } from './checkpoint/load-checkpoint';
export { LocalFolderCheckpointStore } from './checkpoint/local-folder-store';
export { checkCheckpointFileName, type CheckpointStore } from './checkpoint/checkpoint-store';
export { CheckpointError, type CheckpointErrorCode } from './checkpoint/checkpoint-error';
export { CHECKPOINT_FILES, CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, type CheckpointManifest } from './checkpoint/checkpoint-manifest';
export type { CheckpointState, RunTracking, TrainingLoopKind } from './checkpoint/checkpoint-state';
export { EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from './checkpoint/early-stopping';
export { BestCheckpoint, type BestValidation } from './checkpoint/best-checkpoint';
export {
  runControlSchema,
  parseRunControl,
  type RunControl,
  type RunControlOptions,
  type RunControlHooks,
  type DeliveredCheckpoint,
  type EarlyStopInfo,
} from './checkpoint/run-control';
export { TrainingRunController, type RunControlContext, type CheckpointCapture } from './checkpoint/run-controller';
export { checkResumable, type RunIdentity } from './checkpoint/resume-compatibility';
export { dataDigest } from './checkpoint/data-digest';
export { trainedModelFrom, copyTensors, type ModelBase } from './checkpoint/trained-model-from';

// Preference (DPO) training loop
export { runPreferenceTraining, preferenceObjective, type PreferenceTrainingOptions, type PreferenceTrainingHooks, type PreferenceTrainingResult } from './preference-loop/run-preference-training';
export {
  parsePreferenceHyperparameters,
  preferenceHyperparametersSchema,
  type PreferenceHyperparameters,
  type PreferenceHyperparametersInput,
} from './preference-loop/preference-hyperparameters';
export type { PreferenceStepMetrics, PreferenceValidationMetrics, PreferenceRunPlan, PreferenceRunState } from './preference-loop/preference-metrics';
export { PreferenceBatchSource, preferenceBatchesInOrder, type PreferenceBatchSourceOptions } from './preference-loop/preference-batch-source';
export { preparePreferenceData, type PreferenceData, type PreferenceDataReport } from './preference-loop/prepare-preference-data';

// Evaluation during training
export {
  GenerationEvaluator,
  generationEvalSettingsSchema,
  type GenerationEvalSettings,
  type GenerationEvalSettingsInput,
  type EvaluationStage,
  type TrainingEvaluation,
} from './evaluation/generation-evaluator';
export { evalPromptsFromSupervised, evalPromptsFromPreference } from './evaluation/eval-prompts';
export { RunHealthMonitor, type HealthMonitorOptions, type HealthMonitorState } from './evaluation/health/run-health-monitor';
export { TrainingDivergedError } from './evaluation/health/training-diverged-error';
