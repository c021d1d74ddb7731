import { LoadedTokenizer } from '@whetstone/tokenizer';
import type { Batch } from '../../src/data/batch';
import { collatePreferenceBatch } from '../../src/data/preference-batch';
import { tokenizePreferenceExample } from '../../src/data/tokenize-preference';
import type { TextPreferenceExample } from '../../src/data/examples';
import type { TinyModel } from '../../src/io/tiny-model';

const WORDS = [
  'red', 'green', 'blue', 'yellow', 'orange', 'purple', 'black', 'white',
  'dog', 'fox', 'bird', 'tree', 'river', 'garden', 'sun', 'house',
  'hill', 'robot', 'sky', 'ball', 'water', 'window', 'story', 'answer',
];

/**
 * A synthetic preference task: the preferred answer wraps the word in square brackets (a fixed
 * format), the other answer writes it some other way. Train and held-out pairs use different words,
 * so preferring the format on held-out pairs means the policy learnt the format, not the pairs.
 */
export function bracketPreferencePairs(): { train: TextPreferenceExample[]; heldOut: TextPreferenceExample[] } {
  const styles = [(w: string) => ` ${w}`, (w: string) => ` (${w})`, (w: string) => ` ${w}!`];
  const pairs = WORDS.map((word, i) => ({ prompt: `Q: ${word}\nA:`, chosen: ` [${word}]`, rejected: styles[i % styles.length]!(word) }));
  return { train: pairs.filter((_, i) => i % 3 !== 2), heldOut: pairs.filter((_, i) => i % 3 === 2) };
}

export function preferenceBatch(model: TinyModel, examples: readonly TextPreferenceExample[], padToLength?: number): Batch {
  const tokenizer = new LoadedTokenizer({ tokenizerJson: model.tokenizer.tokenizerJson, tokenizerConfig: model.tokenizer.tokenizerConfig });
  const tokenized = examples.map((e) => tokenizePreferenceExample(tokenizer, e)!);
  return collatePreferenceBatch(tokenized, { padId: model.config.pad_token_id!, ...(padToLength ? { padToLength } : {}) });
}
