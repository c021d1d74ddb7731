import { collateBatch, packExamples, type Batch, type TokenizedExample } from '../../src/data';

const rows2d = (batch: Batch, key: keyof Batch) => {
  const [B, T] = batch[key].shape as [number, number];
  const values = Array.from(batch[key].data as ArrayLike<number | bigint>, Number);
  return Array.from({ length: B }, (_, b) => values.slice(b * T, (b + 1) * T));
};

// Two examples: "5 6 | 7 8" trains on 7 and 8; "9 | 10" trains on 10 with weight 0.5.
const first: TokenizedExample = { inputIds: [5, 6, 7, 8], weights: [0, 0, 1, 1] };
const second: TokenizedExample = { inputIds: [9, 10], weights: [0, 0.5] };

describe('collateBatch', () => {
  it('right-pads, and labels each trained token with itself (HF convention: the loss graph shifts)', () => {
    const batch = collateBatch([[first], [second]], { padId: 0 });
    expect(batch.input_ids.dtype).toBe('int64');
    expect(batch.input_ids.shape).toEqual([2, 4]);
    expect(rows2d(batch, 'input_ids')).toEqual([
      [5, 6, 7, 8],
      [9, 10, 0, 0],
    ]);
    expect(rows2d(batch, 'attention_mask')).toEqual([
      [1, 1, 1, 1],
      [1, 1, 0, 0],
    ]);
    expect(rows2d(batch, 'labels')).toEqual([
      [-100, -100, 7, 8],
      [-100, 10, -100, -100],
    ]);
    expect(rows2d(batch, 'label_weights')).toEqual([
      [0, 0, 1, 1],
      [0, 0.5, 0, 0],
    ]);
    expect(batch.label_weights.dtype).toBe('float32');
    expect(rows2d(batch, 'position_ids')).toEqual([
      [0, 1, 2, 3],
      [0, 1, 0, 0],
    ]);
  });

  it('pads to a fixed length or to a multiple, and refuses rows longer than the fixed length', () => {
    expect(collateBatch([[second]], { padId: 3, padToLength: 5 }).input_ids.data).toEqual(BigInt64Array.from([9n, 10n, 3n, 3n, 3n]));
    expect(collateBatch([[first], [second]], { padId: 0, padToMultipleOf: 8 }).input_ids.shape).toEqual([2, 8]);
    expect(() => collateBatch([[first]], { padId: 0, padToLength: 3 })).toThrow(/4 tokens, more than padToLength 3/);
  });
});

describe('packing', () => {
  it('fills rows greedily in order and never scores a token predicted from the previous example', () => {
    // Even a weighted first token gets no label: in a packed row it would be predicted from example 1.
    const third: TokenizedExample = { inputIds: [11, 12, 13], weights: [1, 1, 1] };
    const rows = packExamples([second, third, first], 5);
    expect(rows).toEqual([[second, third], [first]]);

    const batch = collateBatch(rows, { padId: 0 });
    expect(rows2d(batch, 'input_ids')).toEqual([
      [9, 10, 11, 12, 13],
      [5, 6, 7, 8, 0],
    ]);
    expect(rows2d(batch, 'labels')).toEqual([
      [-100, 10, -100, 12, 13],
      [-100, -100, 7, 8, -100],
    ]);
    expect(rows2d(batch, 'position_ids')).toEqual([
      [0, 1, 0, 1, 2],
      [0, 1, 2, 3, 0],
    ]);
  });

  it('rejects an example longer than the packing length', () => {
    expect(() => packExamples([first], 3)).toThrow(/4 tokens, more than maxLength 3/);
  });
});
