export * from './quotas';
export * from './organizations';
export * from './api-keys';
export * from './usage';
export * from './api-key-cache';
export * from './job-quota-reservation';
export * from './storage-quota';
