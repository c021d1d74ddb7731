/**
 * whetstone-train: supervised fine-tuning from the command line.
 *
 *   npx tsx packages/trainer/src/cli/main.ts --model DIR --train data.jsonl --output OUT [options]
 *
 * `--help` lists every option. Exit codes: 0 trained and written, 1 bad input or failure,
 * 130 cancelled (Ctrl-C stops after the current step; a second Ctrl-C quits at once).
 */
import { trainCliArgs, trainCommand, type TrainCliArgs } from './train-command';
import { runTrainCli } from './run-train-cli';

/** Parses argv; usage and validation errors print the message with the help and exit(1). */
function parseArgs(argv: string[]): TrainCliArgs {
  const command = trainCommand();
  command.parse(argv);
  try {
    return trainCliArgs(command);
  } catch (error) {
    return command.error(`error: ${(error as Error).message}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const controller = new AbortController();
  const cancel = () => {
    process.stderr.write('\nwhetstone-train: cancelling after the current step (again to quit now)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    const status = await runTrainCli(args, { stdout: process.stdout, signal: controller.signal });
    return status === 'cancelled' ? 130 : 0;
  } catch (error) {
    process.stderr.write(`whetstone-train: ${(error as Error).message}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', cancel);
    process.removeListener('SIGTERM', cancel);
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
