import { splitForValidation } from '../../src/loop/validation-split';

describe('splitForValidation', () => {
  const items = Array.from({ length: 20 }, (_, i) => i);

  it('holds out a seeded share of the examples, keeping the order of both parts', () => {
    const { train, validation } = splitForValidation(items, 0.1, 5);
    expect(validation).toHaveLength(2);
    expect(train).toHaveLength(18);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(items);
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(splitForValidation(items, 0.1, 5)).toEqual({ train, validation });
    expect(splitForValidation(items, 0.1, 6).validation).not.toEqual(validation);
  });

  it('keeps at least one example on each side and refuses what cannot be split', () => {
    expect(splitForValidation([1, 2], 0.01, 1).validation).toHaveLength(1);
    expect(splitForValidation([1, 2], 0.9, 1).train).toHaveLength(1);
    expect(splitForValidation([1], 0, 1)).toEqual({ train: [1], validation: [] });
    expect(() => splitForValidation([1], 0.5, 1)).toThrow(/1 example/);
    expect(() => splitForValidation(items, 1, 1)).toThrow(/\[0, 1\)/);
  });
});
