import { buildTinyTokenizer, loadTokenizer, type LoadedTokenizer } from '@whetstone/tokenizer';
import {
  collateBatch,
  collatePreferenceBatch,
  prepareSupervisedDataset,
  tokenizePreferenceExample,
  tokenizeSupervisedExample,
  type Batch,
} from '../../src/data';

const BOS = 378;
const EOT = 382;
const PAD = 383;

let tokenizer: LoadedTokenizer;
const text = (s: string) => tokenizer.encode(s, { addSpecialTokens: false });
const header = (role: string) => [380, ...text(role), 381, ...text('\n\n')];
const row = (batch: Batch, key: keyof Batch, b: number) => {
  const T = batch[key].shape[1]!;
  return Array.from(batch[key].data as ArrayLike<number | bigint>, Number).slice(b * T, (b + 1) * T);
};

beforeAll(async () => {
  const files = buildTinyTokenizer();
  tokenizer = await loadTokenizer({ tokenizerJson: files.tokenizerJson, tokenizerConfig: files.tokenizerConfig });
});

describe('supervised examples to batches', () => {
  it('turns a chat example into inputs whose labels are exactly the assistant reply and <|eot_id|>', () => {
    const example = { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] };
    const prompt = [BOS, ...header('user'), ...text('Hi'), EOT, ...header('assistant')];
    const reply = [...text('Hello'), EOT];

    const tokenized = tokenizeSupervisedExample(tokenizer, example);
    expect(tokenized.inputIds).toEqual([...prompt, ...reply]);
    const batch = collateBatch([[tokenized]], { padId: PAD });
    const expectedLabels = [...prompt.map(() => -100), ...reply];
    expect(row(batch, 'labels', 0)).toEqual(expectedLabels);
    expect(row(batch, 'label_weights', 0)).toEqual(expectedLabels.map((l) => (l === -100 ? 0 : 1)));
  });

  it('tokenizes prompt/completion examples with loss on the completion and EOS', () => {
    const tokenized = tokenizeSupervisedExample(tokenizer, { prompt: 'Q: 2+2?', completion: ' A: 4' });
    const completion = [...text(' A: 4'), EOT];
    expect(tokenized.inputIds).toEqual([BOS, ...text('Q: 2+2?'), ...completion]);
    expect(tokenized.weights.filter((w) => w === 1)).toHaveLength(completion.length);
  });

  it('truncates to maxLength and drops examples left without a trained token', () => {
    const short = { prompt: 'Hi', completion: ' there' };
    const long = { prompt: 'This prompt is far too long for the limit', completion: ' ok' };
    const truncated = tokenizeSupervisedExample(tokenizer, short, { maxLength: 4 });
    expect(truncated.inputIds).toEqual(tokenizeSupervisedExample(tokenizer, short).inputIds.slice(0, 4));
    expect(truncated.truncated).toBe(true);

    const dataset = prepareSupervisedDataset(tokenizer, [short, long], { maxLength: 6 });
    expect(dataset.examples).toHaveLength(1);
    expect(dataset.droppedIndices).toEqual([1]);
    expect(dataset.truncatedCount).toBe(1);
  });
});

describe('preference pairs', () => {
  const pair = {
    input: { messages: [{ role: 'user', content: 'Capital of France?' }, { role: 'assistant', content: 'Paris?' }, { role: 'user', content: 'Sure?' }] },
    preferred_output: [{ role: 'assistant', content: 'Yes, Paris.' }],
    non_preferred_output: [{ role: 'assistant', content: 'No idea' }],
  };

  it('gives two sequences sharing the prompt, with loss only on each completion (not on earlier assistant turns)', () => {
    const tokenized = tokenizePreferenceExample(tokenizer, pair)!;
    const prompt = [
      BOS,
      ...header('user'),
      ...text('Capital of France?'),
      EOT,
      ...header('assistant'),
      ...text('Paris?'),
      EOT,
      ...header('user'),
      ...text('Sure?'),
      EOT,
      ...header('assistant'),
    ];
    expect(tokenized.promptLength).toBe(prompt.length);
    expect(tokenized.chosen.inputIds).toEqual([...prompt, ...text('Yes, Paris.'), EOT]);
    expect(tokenized.rejected.inputIds).toEqual([...prompt, ...text('No idea'), EOT]);
    expect(tokenized.chosen.weights).toEqual([...prompt.map(() => 0), ...text('Yes, Paris.').map(() => 1), 1]);

    const batch = collatePreferenceBatch([tokenized], { padId: PAD });
    expect(batch.input_ids.shape).toEqual([2, tokenized.chosen.inputIds.length]);
    expect(row(batch, 'labels', 1).filter((l) => l !== -100)).toEqual([...text('No idea'), EOT]);
    expect(row(batch, 'attention_mask', 1).filter((m) => m === 1)).toHaveLength(tokenized.rejected.inputIds.length);
  });

  it('handles plain-text pairs and gives up when the prompt alone fills maxLength', () => {
    const textPair = { prompt: 'Say hi:', chosen: ' hi', rejected: ' bye' };
    const tokenized = tokenizePreferenceExample(tokenizer, textPair)!;
    expect(tokenized.chosen.inputIds.slice(0, tokenized.promptLength)).toEqual([BOS, ...text('Say hi:')]);
    expect(tokenized.rejected.inputIds.slice(tokenized.promptLength)).toEqual([...text(' bye'), EOT]);
    expect(tokenizePreferenceExample(tokenizer, textPair, { maxLength: tokenized.promptLength })).toBeUndefined();
    expect(tokenizePreferenceExample(tokenizer, textPair, { maxLength: tokenized.promptLength + 1 })!.chosen.inputIds).toHaveLength(
      tokenized.promptLength + 1,
    );
  });
});
