export * from './tenants';
export * from './files';
export * from './events/outbox';
export * from './pagination';
export * from './models';
export * from './jobs';
export * from './webhooks';
export * from './platform-clients';
