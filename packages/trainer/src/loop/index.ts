export { runTraining, type TrainingOptions, type TrainingHooks, type TrainingResult, type RunPlan, type RunState } from './run-training';
export type { RunObjective, PreparedData, StepProgress, CommonHyperparameters } from './run-objective';
export { runSupervisedTraining, supervisedObjective, type SupervisedTrainingOptions, type SupervisedTrainingHooks, type SupervisedTrainingResult } from './run-supervised-training';
export {
  parseSftHyperparameters,
  sftHyperparametersSchema,
  loraHyperparametersSchema,
  type SftHyperparameters,
  type SftHyperparametersInput,
} from './sft-hyperparameters';
export type { SftStepMetrics, SftValidationMetrics, SftRunPlan, SftRunState } from './sft-metrics';
export { START_POSITION, type LoopPosition } from './loop-position';
export { BatchSource, type BatchSourceOptions, type StepBatches } from './batch-source';
export { trainingLength, warmupStepsFor, type TrainingLength } from './training-length';
export { prepareSftData, type SftData, type SftDataReport } from './prepare-sft-data';
export { splitForValidation } from './validation-split';
export { readSupervisedJsonl, parseSupervisedJsonl, parseSupervisedLine } from './read-examples-jsonl';
export { saveTrainedModel, type TrainedModel } from './trained-model';
