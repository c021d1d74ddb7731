import { Command, CommanderError } from 'commander';
import { filesCommand } from './commands/files';
import { jobsCommand } from './commands/jobs';
import { loginCommand } from './commands/login';
import { modelsCommand } from './commands/models';
import { webhooksCommand } from './commands/webhooks';
import { EXIT } from './exit-codes';
import { reportError } from './output';

const program = new Command('whetstone')
  .description('Whetstone fine-tuning platform from the command line (exit codes: apps/cli/README.md)')
  .option('--base-url <url>', 'API base URL (else WHETSTONE_BASE_URL, the saved profile, http://127.0.0.1:8080)')
  .option('--api-key <key>', 'API key (else WHETSTONE_API_KEY, the saved profile)')
  .option('--profile <name>', 'saved profile to use or save (else WHETSTONE_PROFILE, "default")')
  .option('--json', 'machine-readable output (the API objects)')
  .exitOverride()
  .showHelpAfterError();

loginCommand(program);
filesCommand(program);
jobsCommand(program);
modelsCommand(program);
webhooksCommand(program);
for (const command of program.commands) command.exitOverride();

program.parseAsync(process.argv).then(
  () => process.exit(EXIT.ok),
  (err: unknown) => {
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
    process.exit(reportError(err, process.argv.includes('--json')));
  },
);
