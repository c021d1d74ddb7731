import type { BaseModel } from '@whetstone/db';
import { publicResources } from './base-models';
import { modelFileEntries } from './import/model-files';

/** A catalogue entry as the operator sees it: the row id, where its files are, and each file's checksum. */
export function toAdminModelObject(model: BaseModel) {
  return {
    id: model.id,
    object: 'catalogue.model' as const,
    name: model.name,
    organization_id: model.organizationId,
    display_name: model.displayName,
    license: model.license,
    architecture: model.architecture,
    parameter_count: Number(model.parameterCount),
    context_length: model.contextLength,
    storage_prefix: model.storagePrefix,
    content_digest: model.contentDigest,
    files: modelFileEntries(model.files),
    total_bytes: Number(model.totalBytes),
    resources: publicResources(model.resources),
    deprecated_at: model.deprecatedAt ? Math.floor(model.deprecatedAt.getTime() / 1000) : null,
    replaced_by: model.replacedBy,
    created_at: Math.floor(model.createdAt.getTime() / 1000),
  };
}
