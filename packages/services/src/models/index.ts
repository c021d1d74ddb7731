export * from './base-models';
export * from './model-config-facts';
