export * from './object-store';
export * from './keys';
