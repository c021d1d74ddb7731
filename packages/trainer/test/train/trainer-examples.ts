import { collateBatch } from '../../src/data/batch';

/** Four short SFT rows over the tiny model's vocabulary (weight 1: a completion token the loss counts). */
export const trainerExamples = [
  { inputIds: [1, 4, 7, 10, 2], weights: [0, 0, 1, 1, 1] },
  { inputIds: [3, 5, 8, 11], weights: [0, 1, 1, 1] },
  { inputIds: [2, 6, 9, 12, 1], weights: [0, 0, 0, 1, 1] },
  { inputIds: [4, 4, 4, 4, 4], weights: [0, 1, 1, 1, 1] },
];

/** The rows as one batch, one example a row, padded to 5 tokens. */
export const batchOf = (rows: typeof trainerExamples) => collateBatch(rows.map((e) => [e]), { padId: 0, padToLength: 5 });
