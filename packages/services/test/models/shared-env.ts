import { loadWorkerConfig, type SharedEnv } from '@whetstone/config';

/** The services the test run started (DATABASE_URL, S3_ENDPOINT, ... from the environment). */
export function loadSharedEnv(): SharedEnv {
  return loadWorkerConfig(process.env);
}
