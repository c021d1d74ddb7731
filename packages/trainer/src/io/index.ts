export * from './safetensors';
export { loadModelFolder, type LoadedModelFolder } from './model-folder/load-model-folder';
export { saveModelFolder, TOKENIZER_FILE_NAMES, type TokenizerFilesSource, type SaveModelOptions } from './model-folder/save-model-folder';
export { parseLlamaConfig, headDim, ModelConfigError, SUPPORTED_MODEL_TYPES, type ParsedLlamaConfig } from './model-folder/llama-config-schema';
export { checkModelConfig, describeConfigProblems, type ModelConfigProblem } from './model-folder/check-model-config';
export {
  expectedWeightShapes,
  checkWeightShapes,
  parameterCount,
  checkLlamaWeights,
  type WeightProblem,
} from './model-folder/llama-weight-layout';
export {
  LORA_TARGETABLE_MODULES,
  peftLoraTensorName,
  parsePeftLoraTensorName,
  loraModulePaths,
  loraScale,
  type LoraAdapter,
  type LoraAdapterConfig,
  type LoraPair,
  type LoraTargetModule,
} from './lora/lora-adapter';
export { saveLoraAdapter, peftAdapterConfigJson } from './lora/save-lora-adapter';
export { loadLoraAdapter } from './lora/load-lora-adapter';
export { mergeLoraIntoWeights } from './lora/merge-lora';
export { buildTinyModel, writeTinyModelFolder, type TinyModel, type TinyModelOptions } from './tiny-model';
