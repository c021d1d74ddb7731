import { buildTinyTokenizer, loadTokenizer, type LoadedTokenizer } from '../../src';

/** The tiny tokenizer, optionally with another chat template (tests of template handling). */
export function tinyTokenizer(chatTemplate?: unknown): Promise<LoadedTokenizer> {
  const files = buildTinyTokenizer();
  const tokenizerConfig = chatTemplate === undefined ? files.tokenizerConfig : { ...files.tokenizerConfig, chat_template: chatTemplate };
  return loadTokenizer({ tokenizerJson: files.tokenizerJson, tokenizerConfig });
}
