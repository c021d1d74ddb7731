import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { createWhetstoneClient, unwrap } from '@whetstone/client';
import { CliError, EXIT } from '../exit-codes';
import { emit } from '../output';
import { resolveSettings, saveProfile, type GlobalFlags } from '../settings';

async function askForKey(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: Boolean(process.stdin.isTTY) });
  try {
    return (await rl.question('API key (sk-...): ')).trim();
  } finally {
    rl.close();
  }
}

/** `whetstone login`: checks the key against the API, then saves it (mode 0600) as a profile. */
export function loginCommand(program: Command): void {
  program
    .command('login')
    .description('Check an API key and save it, with the base URL, as a profile')
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<GlobalFlags>();
      const settings = resolveSettings(flags);
      const apiKey = flags.apiKey ?? process.env.WHETSTONE_API_KEY ?? (await askForKey());
      if (!apiKey) throw new CliError('No API key given.', EXIT.usage);
      const client = createWhetstoneClient({ baseUrl: settings.baseUrl, apiKey });
      const org = unwrap(await client.GET('/v1/organization'));
      const profile = flags.profile ?? process.env.WHETSTONE_PROFILE ?? 'default';
      const path = saveProfile(profile, { base_url: settings.baseUrl, api_key: apiKey });
      emit(settings.json, { profile, path, base_url: settings.baseUrl, organization: { id: org.id, name: org.name } }, () =>
        `Logged in to ${org.name} (${org.id}) at ${settings.baseUrl}; saved profile '${profile}' in ${path}`,
      );
    });
}
