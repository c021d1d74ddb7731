import type { Db, Prisma } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { parseLlamaConfig } from '@whetstone/trainer';
import type { ModelResources } from './base-models';
import { trainingShapeOf } from './training-shape';

export interface TrainingShapeBackfill {
  /** Entries that now carry their shape. */
  filled: number;
  /** Entries whose stored config.json is missing or unreadable: they stay unchecked, named for the operator. */
  unreadable: { name: string; reason: string }[];
}

/**
 * Catalogue entries imported before the shape was recorded have no `training_shape`, so job creation
 * cannot predict their memory and places their jobs unchecked. This reads each one's stored
 * config.json once and records the shape (the worker class chosen at import stays as it was).
 * Idempotent: entries that already have a shape are not read.
 */
export async function backfillTrainingShapes(deps: { db: Db; store: ObjectStore }): Promise<TrainingShapeBackfill> {
  // The catalogue is small (tens of entries): read it whole rather than filter on a JSON path.
  const models = await deps.db.baseModel.findMany({ select: { id: true, name: true, storagePrefix: true, resources: true } });
  const result: TrainingShapeBackfill = { filled: 0, unreadable: [] };
  for (const model of models) {
    const resources = model.resources as unknown as ModelResources;
    if (resources.training_shape) continue;
    try {
      const bytes = await deps.store.getBytes(`${model.storagePrefix}config.json`);
      if (!bytes) throw new Error('config.json is not in object storage');
      const shape = trainingShapeOf(parseLlamaConfig(JSON.parse(bytes.toString('utf8'))));
      await deps.db.baseModel.update({ where: { id: model.id }, data: { resources: { ...resources, training_shape: shape } as unknown as Prisma.InputJsonObject } });
      result.filled++;
    } catch (err) {
      result.unreadable.push({ name: model.name, reason: (err as Error).message });
    }
  }
  return result;
}
