export * from './errors';
export * from './ids';
export * from './logger';
export * from './postgres-text';
export * from './log-context';
