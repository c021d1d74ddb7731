export * from './object-store';
export * from './keys';
export * from './storage-unavailable';
