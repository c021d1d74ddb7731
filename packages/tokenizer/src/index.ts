export { loadTokenizer, readTokenizerFiles } from './load-tokenizer';
export { LoadedTokenizer, type TokenizerFiles, type EncodeOptions, type DecodeOptions } from './loaded-tokenizer';
export type { SpecialToken, SpecialTokens, AddedTokenEntry } from './special-tokens';
export type { ChatMessage, ToolCall, ToolDefinition } from './chat-message';
export { ChatTemplate, ChatTemplateError, selectChatTemplateSource, type ChatTemplateInput } from './chat-template';
export {
  renderChat,
  tokenizeChat,
  type ChatRenderOptions,
  type WeightedTokens,
  type AssistantSpan,
  type TokenizedChat,
} from './tokenize-chat';
export { tokenizePromptCompletion, type PromptCompletion, type PromptCompletionOptions } from './tokenize-prompt-completion';
export { countExampleTokens, type CountableExample } from './count-tokens';
export { convertLegacyFunctions, usesLegacyFunctions, type LegacyConversion, type LegacyProblem } from './legacy-functions';
export { createFastTokenCounter } from './create-fast-token-counter';
export type { FastTokenCounter, FastCountMode } from './fast-count/fast-token-counter';
export {
  buildTinyTokenizer,
  TINY_SPECIAL_TOKENS,
  TINY_DEFAULT_VOCAB_SIZE,
  type TinyTokenizerOptions,
  type TinyTokenizerFiles,
} from './tiny/build-tiny-tokenizer';
export { writeTinyTokenizerFolder } from './tiny/write-tiny-tokenizer';
export { LLAMA3_STYLE_CHAT_TEMPLATE } from './tiny/llama3-style-chat-template';
