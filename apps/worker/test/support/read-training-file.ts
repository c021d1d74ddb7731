// Loads a training file the way the worker does (held-out split included) and prints how many
// examples it read; run in a child process with a small heap by read-examples-streamed.test.ts.
import { readSplitExamples, supervisedExample } from '../../src/training/read-examples';

async function main(): Promise<void> {
  const path = process.argv[2]!;
  const { train, validation } = await readSplitExamples(path, 'file-big', supervisedExample, { seed: 3, fraction: 0.1 });
  process.stdout.write(JSON.stringify({ train: train.length, validation: validation.length }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
