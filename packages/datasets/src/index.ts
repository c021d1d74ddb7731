// @whetstone/datasets: pure dataset validation. Bytes in, report out; no I/O of its own.

export { validateDataset, type ValidateDatasetOptions } from './validation/validate-dataset';
export {
  DatasetValidation,
  DEFAULT_MIN_EXAMPLES,
  DEFAULT_RECOMMENDED_EXAMPLES,
  type DatasetValidationOptions,
  type ValidatedExample,
} from './validation/dataset-validation';
export { DEFAULT_MAX_STORED_ERRORS } from './validation/error-collector';

export { readLines, type LineEvent } from './lines/read-lines';
export { LineSplitter, DEFAULT_MAX_LINE_BYTES, type LineSink, type LineSplitterOptions } from './lines/line-splitter';

export {
  DATASET_FORMATS,
  DatasetFormatSchema,
  detectFormat,
  trainingMethodForFormat,
  type DatasetFormat,
  type TrainingMethod,
} from './formats/dataset-format';
export type {
  ChatExample,
  ChatMessage,
  Example,
  PreferenceExample,
  PromptCompletionExample,
  Role,
  ToolCall,
  ToolDefinition,
  TrlPreferenceExample,
} from './formats/example';

export type { TokenCount, TokenCounter } from './statistics/token-counter';
export { estimateCost, DEFAULT_EPOCHS, type PriceTable } from './statistics/cost';
export { HISTOGRAM_BUCKETS } from './statistics/length-distribution';

export {
  VALIDATION_ERROR_CODES,
  VALIDATION_WARNING_CODES,
  ValidationErrorCodeSchema,
  ValidationWarningCodeSchema,
  type ValidationErrorCode,
  type ValidationWarningCode,
} from './report/codes';
export {
  ValidationReportSchema,
  ValidationErrorSchema,
  ValidationWarningSchema,
  StatisticsSchema,
  type ValidationReport,
  type ValidationError,
  type ValidationWarning,
  type Statistics,
  type LengthSummary,
  type HistogramBucket,
  type CostEstimate,
} from './report/report-schema';
export { ValidationSummarySchema, summarizeReport, type ValidationSummary } from './report/summary';

export {
  splitHeldOut,
  heldOutScore,
  DEFAULT_VALIDATION_FRACTION,
  type HeldOutSplit,
  type HeldOutSplitOptions,
} from './split/held-out-split';
