import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, EXIT } from './exit-codes';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

export interface Profile {
  base_url?: string;
  api_key?: string;
}

interface ProfilesFile {
  profiles: Record<string, Profile>;
}

/** Where `whetstone login` saves profiles: $WHETSTONE_CONFIG_DIR, else $XDG_CONFIG_HOME/whetstone, else ~/.config/whetstone. */
export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.WHETSTONE_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'whetstone');
  return join(dir, 'profiles.json');
}

function readProfiles(path: string): ProfilesFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as ProfilesFile;
    return { profiles: parsed.profiles ?? {} };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw new CliError(`Cannot read ${path}: ${(err as Error).message}`, EXIT.usage);
  }
}

export function saveProfile(name: string, profile: Profile, env: NodeJS.ProcessEnv = process.env): string {
  const path = profilesPath(env);
  const file = readProfiles(path);
  file.profiles[name] = profile;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // the file holds an API key
  return path;
}

export interface GlobalFlags {
  baseUrl?: string;
  apiKey?: string;
  profile?: string;
  json?: boolean;
}

export interface Settings {
  baseUrl: string;
  apiKey: string | undefined;
  json: boolean;
}

/** Flags win over WHETSTONE_API_KEY / WHETSTONE_BASE_URL, which win over the saved profile. */
export function resolveSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Settings {
  const name = flags.profile ?? env.WHETSTONE_PROFILE ?? 'default';
  const profile = readProfiles(profilesPath(env)).profiles[name] ?? {};
  return {
    baseUrl: flags.baseUrl ?? env.WHETSTONE_BASE_URL ?? profile.base_url ?? DEFAULT_BASE_URL,
    apiKey: flags.apiKey ?? env.WHETSTONE_API_KEY ?? profile.api_key,
    json: Boolean(flags.json),
  };
}
