import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadTokenizer, tokenizeChat, type ChatMessage, type LoadedTokenizer } from '@whetstone/tokenizer';
import type { ModelProblem } from './model-problem';

export const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'] as const;
/** Optional tokenizer-side files copied with the model when present. */
export const OPTIONAL_TOKENIZER_FILES = ['special_tokens_map.json', 'chat_template.jinja', 'generation_config.json'] as const;

/** A conversation every chat template must render (roles alternate; no system turn, which some templates refuse). */
const SAMPLE_CONVERSATION: ChatMessage[] = [
  { role: 'user', content: 'What is the capital of France?' },
  { role: 'assistant', content: 'Paris is the capital of France.' },
  { role: 'user', content: 'And of Italy?' },
  { role: 'assistant', content: 'Rome is the capital of Italy.' },
];

/**
 * Checks the tokenizer side of a folder: tokenizer.json and tokenizer_config.json load, the chat
 * template renders a sample conversation, and the loss-masking split finds a non-empty span for
 * every assistant turn (what supervised training trains on). Ids must fit the embedding matrix.
 */
export async function checkTokenizer(dir: string, vocabSize: number | undefined): Promise<ModelProblem[]> {
  const problems: ModelProblem[] = [];
  for (const file of TOKENIZER_FILES) if (!existsSync(path.join(dir, file))) problems.push({ file, field: null, reason: 'missing (the tokenizer needs tokenizer.json and tokenizer_config.json)' });
  if (problems.length > 0) return problems;

  let tokenizer: LoadedTokenizer;
  try {
    tokenizer = await loadTokenizer(dir);
  } catch (error) {
    return [{ file: 'tokenizer.json', field: null, reason: `cannot be loaded: ${(error as Error).message.replace(`${dir}${path.sep}`, '')}` }];
  }
  if (vocabSize !== undefined && tokenizer.vocabSize > vocabSize) {
    problems.push({ file: 'tokenizer.json', field: null, reason: `token ids go up to ${tokenizer.vocabSize - 1}, beyond config.json vocab_size ${vocabSize}` });
  }
  const templateFile = existsSync(path.join(dir, 'chat_template.jinja')) ? 'chat_template.jinja' : 'tokenizer_config.json';
  if (!tokenizer.chatTemplate()) {
    problems.push({ file: 'tokenizer_config.json', field: 'chat_template', reason: 'no chat template (needed to render conversations for training)' });
    return problems;
  }
  try {
    const chat = tokenizeChat(tokenizer, SAMPLE_CONVERSATION);
    const assistantTurns = SAMPLE_CONVERSATION.filter((m) => m.role === 'assistant').length;
    const spans = chat.assistantSpans.filter((s) => s.end > s.start);
    const covers = spans.every((s) => tokenizer.decode(chat.inputIds.slice(s.start, s.end)).includes(SAMPLE_CONVERSATION[s.messageIndex]!.content!));
    if (spans.length !== assistantTurns || !covers) {
      problems.push({
        file: templateFile,
        field: 'chat_template',
        reason: `renders no usable assistant span for loss masking (found ${spans.length} of ${assistantTurns} assistant turns${covers ? '' : ', not covering the replies'})`,
      });
    }
  } catch (error) {
    problems.push({ file: templateFile, field: 'chat_template', reason: `cannot render a sample conversation: ${(error as Error).message}` });
  }
  return problems;
}
