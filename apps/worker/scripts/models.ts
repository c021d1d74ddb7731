/**
 * The operator's model catalogue CLI (`npm run models -- <command>`), talking to Postgres and
 * object storage directly with the same import the admin API uses.
 *
 *   import <folder> --name <name> [--organization <org id>] [--display-name ..] [--license ..] [--worker-class ..]
 *   register-demo                 the tiny demo model (what `npm start` runs)
 *   list [--organization <org id>|public]
 *   deprecate <model id> [--replaced-by <name>]
 *   undeprecate <model id>
 *   delete <model id>
 */
import { parseArgs } from 'node:util';
import { AppError, createLogger } from '@whetstone/common';
import { loadWorkerConfig } from '@whetstone/config';
import {
  closePlatformClients,
  createPlatformClients,
  deleteBaseModel,
  deprecateBaseModel,
  describeProblem,
  importModelFolder,
  listBaseModels,
  ModelImportError,
  registerDemoModel,
  toAdminModelObject,
  undeprecateBaseModel,
  type PlatformClients,
} from '@whetstone/services';

const USAGE = `usage: npm run models -- import <folder> --name <name> [--organization <org id>] [--display-name <text>] [--license <id>] [--worker-class <class>]
       npm run models -- register-demo | list [--organization <org id>|public] | deprecate <model id> [--replaced-by <name>] | undeprecate <model id> | delete <model id>`;

type Clients = Pick<PlatformClients, 'db' | 'store'>;

class UsageError extends Error {}

async function run(clients: Clients, argv: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      organization: { type: 'string' },
      'display-name': { type: 'string' },
      license: { type: 'string' },
      'worker-class': { type: 'string' },
      'replaced-by': { type: 'string' },
    },
  });
  const [command, target] = positionals;
  const show = toAdminModelObject;
  switch (command) {
    case 'import': {
      if (!target || !values.name) throw new UsageError('import needs <folder> and --name');
      const imported = await importModelFolder(clients, {
        dir: target,
        name: values.name,
        organizationId: values.organization ?? null,
        displayName: values['display-name'],
        license: values.license,
        workerClass: values['worker-class'],
      });
      return { created: imported.created, skipped_files: imported.facts.skippedFiles, ...show(imported.model) };
    }
    case 'register-demo': {
      const imported = await registerDemoModel(clients);
      return { created: imported.created, ...show(imported.model) };
    }
    case 'list': {
      const organizationId = values.organization === 'public' ? null : values.organization;
      return (await listBaseModels(clients.db, { organizationId })).map((m) => show(m));
    }
    case 'deprecate':
      if (!target) throw new UsageError('deprecate needs <model id>');
      return show(await deprecateBaseModel(clients.db, target, values['replaced-by'] ?? null));
    case 'undeprecate':
      if (!target) throw new UsageError('undeprecate needs <model id>');
      return show(await undeprecateBaseModel(clients.db, target));
    case 'delete':
      if (!target) throw new UsageError('delete needs <model id>');
      return { deleted: true, ...show(await deleteBaseModel(clients, target)) };
    default:
      throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
  }
}

const isParseArgsError = (error: unknown) => String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');

async function main(): Promise<number> {
  const config = loadWorkerConfig();
  const clients = createPlatformClients(config, createLogger({ level: 'warn', name: 'models-cli' }));
  try {
    console.log(JSON.stringify(await run(clients, process.argv.slice(2)), null, 2));
    return 0;
  } catch (error) {
    if (error instanceof ModelImportError) {
      console.error(`import refused: ${error.problems.length} problem(s)`);
      for (const problem of error.problems) console.error(`  - ${describeProblem(problem)}`);
      return 1;
    }
    if (error instanceof UsageError || isParseArgsError(error)) {
      console.error(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof AppError) {
      console.error(`${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await closePlatformClients(clients);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
