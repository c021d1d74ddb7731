import { createHash } from 'node:crypto';

/**
 * A digest of a run's training examples as given (content and order): a checkpoint records it so a
 * resume on other data is refused instead of silently continuing a different run.
 */
export function dataDigest(examples: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const example of examples) hash.update(JSON.stringify(example)).update('\n');
  return `sha256:${hash.digest('hex')}`;
}
