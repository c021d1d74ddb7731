import { renderChat, tokenizePromptCompletion, type ChatMessage, type LoadedTokenizer } from '@whetstone/tokenizer';
import { isChatExample, isChatPreference, type PreferenceExample, type SupervisedExample } from '../data/examples';
import { tokenizePreferenceExample } from '../data/tokenize-preference';
import type { EvalPrompt } from './run-generation-eval';

/**
 * Generation prompts from supervised validation examples: a chat up to its last assistant message
 * (rendered with the generation prompt), or a prompt/completion's prompt. The reference is what the
 * example answers. Examples without an assistant message are skipped; at most `max` prompts.
 */
export function evalPromptsFromSupervised(tokenizer: LoadedTokenizer, examples: readonly SupervisedExample[], max: number): EvalPrompt[] {
  const prompts: EvalPrompt[] = [];
  for (const example of examples) {
    if (prompts.length >= max) break;
    if (!isChatExample(example)) {
      const tokens = tokenizePromptCompletion(tokenizer, example);
      prompts.push({ promptIds: tokens.inputIds.slice(0, tokens.promptLength), prompt: example.prompt, reference: example.completion });
      continue;
    }
    const last = example.messages.map((m) => m.role).lastIndexOf('assistant');
    if (last < 1) continue;
    const context = example.messages.slice(0, last);
    const text = renderChat(tokenizer, context, { tools: example.tools, addGenerationPrompt: true });
    prompts.push({
      promptIds: tokenizer.encode(text, { addSpecialTokens: false }),
      prompt: lastContent(context),
      reference: example.messages[last]!.content ?? '',
    });
  }
  return prompts;
}

/**
 * Generation prompts from preference validation examples: the shared prompt of each pair, exactly as
 * the pair's sequences start (chat template and generation header included); the reference is the
 * preferred output. At most `max` prompts.
 */
export function evalPromptsFromPreference(tokenizer: LoadedTokenizer, examples: readonly PreferenceExample[], max: number): EvalPrompt[] {
  return examples.slice(0, max).map((example) => {
    const pair = tokenizePreferenceExample(tokenizer, example)!;
    const promptIds = pair.chosen.inputIds.slice(0, pair.promptLength);
    return isChatPreference(example)
      ? { promptIds, prompt: lastContent(example.input.messages), reference: example.preferred_output.map((m) => m.content ?? '').join('\n') }
      : { promptIds, prompt: example.prompt, reference: example.chosen };
  });
}

function lastContent(messages: readonly ChatMessage[]): string {
  return messages.at(-1)?.content ?? '';
}
