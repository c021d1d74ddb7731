import { ConflictError, NotFoundError, ValidationError, newId } from '@whetstone/common';
import type { BaseModel, Db, Prisma } from '@whetstone/db';
import { objectKeys, type ObjectStore } from '@whetstone/storage';
import { estimateResources } from '../model-config-facts';
import { inspectModelFolder, type ModelFolderFacts } from './inspect-model-folder';
import { ModelImportError } from './model-problem';
import { storeModelFiles } from './store-model-files';

export interface ImportModelInput {
  /** Local Hugging Face model folder. */
  dir: string;
  /** What clients put in `model`, e.g. "acme/llama-3.2-1b-instruct". */
  name: string;
  /** null: public (every tenant); else private to this organization. */
  organizationId: string | null;
  displayName?: string | null;
  license?: string | null;
  /** Worker class that trains it; by default chosen from the memory it needs. */
  workerClass?: string;
}

export interface ImportedModel {
  model: BaseModel;
  /** false when the same name already held exactly this content (the import was a no-op). */
  created: boolean;
  facts: ModelFolderFacts;
}

export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;

/**
 * Registers a base model from a local Hugging Face folder. Every check runs before anything is
 * written; a bad folder throws one ModelImportError listing every problem. Files go to a
 * content-addressed prefix and are verified there; the catalogue row is written last, and a
 * failure after the first upload removes what this import stored, so nothing half-registered
 * remains. Importing the same content under the same name again changes nothing.
 */
export async function importModelFolder(deps: { db: Db; store: ObjectStore }, input: ImportModelInput): Promise<ImportedModel> {
  checkName(input.name);
  if (input.organizationId && !(await deps.db.organization.findUnique({ where: { id: input.organizationId } }))) {
    throw new NotFoundError('organization', input.organizationId, 'organization');
  }
  const inspection = await inspectModelFolder(input.dir);
  if (!inspection.ok) throw new ModelImportError(inspection.problems);
  const facts = inspection.facts;

  const existing = await findByName(deps.db, input.organizationId, input.name);
  if (existing?.contentDigest === facts.contentDigest) return { model: existing, created: false, facts };
  // Rows registered before the catalogue recorded content (no digest) are replaced by an import.
  if (existing?.contentDigest) throw nameTaken(input.name);

  const prefix = objectKeys.modelContent(input.organizationId, facts.contentDigest);
  const sharedPrefix = async () => (await deps.db.baseModel.count({ where: { storagePrefix: prefix } })) > 0;
  const stored = await storeModelFiles(deps.store, prefix, input.dir, facts.files, await sharedPrefix());
  const removeWritten = async () => {
    if (await sharedPrefix()) return;
    await Promise.all(stored.written.map((key) => deps.store.delete(key).catch(() => undefined)));
  };
  try {
    if (stored.problems.length > 0) throw new ModelImportError(stored.problems);
    const { model, created } = await writeRow(deps.db, input, facts, prefix);
    if (!created) return { model, created, facts };
    if (existing && existing.storagePrefix !== prefix && (await deps.db.baseModel.count({ where: { storagePrefix: existing.storagePrefix } })) === 0) {
      await deps.store.deletePrefix(existing.storagePrefix);
    }
    return { model, created: true, facts };
  } catch (error) {
    await removeWritten();
    throw error;
  }
}

function checkName(name: string): void {
  if (name.length > 128 || !MODEL_NAME_PATTERN.test(name)) {
    throw new ValidationError(`Invalid model name '${name}': use letters, digits, '.', '_', '-', optionally one '/' (e.g. "acme/llama-3.2-1b").`, 'name');
  }
}

const nameTaken = (name: string) => new ConflictError(`A model named '${name}' with different content is already registered; delete it or choose another name.`, 'model_exists', 'name');

const findByName = (db: Db | Prisma.TransactionClient, organizationId: string | null, name: string) =>
  db.baseModel.findFirst({ where: { name, organizationId } });

/** The row, written under a per-name lock so two imports of one name cannot both create it. */
async function writeRow(db: Db, input: ImportModelInput, facts: ModelFolderFacts, prefix: string): Promise<{ model: BaseModel; created: boolean }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`base-model:${input.organizationId ?? ''}:${input.name}`}))`;
    const existing = await findByName(tx, input.organizationId, input.name);
    // A concurrent import of the same content won the race: same outcome as importing it twice.
    if (existing?.contentDigest === facts.contentDigest) return { model: existing, created: false };
    if (existing?.contentDigest) throw nameTaken(input.name);
    const data = {
      displayName: input.displayName ?? null,
      license: input.license ?? null,
      architecture: facts.architecture,
      parameterCount: BigInt(facts.parameterCount),
      contextLength: facts.contextLength,
      storagePrefix: prefix,
      contentDigest: facts.contentDigest,
      files: facts.files as unknown as Prisma.InputJsonValue,
      totalBytes: BigInt(facts.totalBytes),
      resources: estimateResources(facts.config, input.workerClass) as unknown as Prisma.InputJsonValue,
    };
    if (existing) return { model: await tx.baseModel.update({ where: { id: existing.id }, data }), created: true };
    return { model: await tx.baseModel.create({ data: { id: newId('baseModel'), name: input.name, organizationId: input.organizationId, ...data } }), created: true };
  });
}
