import type { Command } from 'commander';
import { createWhetstoneClient, type WhetstoneClient } from '@whetstone/client';
import { CliError, EXIT } from './exit-codes';
import { resolveSettings, type GlobalFlags, type Settings } from './settings';

export interface Context extends Settings {
  apiKey: string;
  client: WhetstoneClient;
}

export function settingsOf(command: Command): Settings {
  return resolveSettings(command.optsWithGlobals<GlobalFlags>());
}

/** Settings plus a client; fails with exit code 3 when no API key is configured anywhere. */
export function contextOf(command: Command): Context {
  const settings = settingsOf(command);
  if (!settings.apiKey) {
    throw new CliError('No API key: run `whetstone login`, set WHETSTONE_API_KEY, or pass --api-key.', EXIT.auth);
  }
  return { ...settings, apiKey: settings.apiKey, client: createWhetstoneClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey }) };
}
