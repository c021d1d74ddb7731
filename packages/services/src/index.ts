export * from './tenants';
export * from './pagination';
