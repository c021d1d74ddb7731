export * from './parse-env';
export * from './shared-env';
export * from './api-env';
export * from './worker-env';
export * from './production-defaults';
