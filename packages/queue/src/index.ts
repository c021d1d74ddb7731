export * from './names';
export * from './payloads';
export * from './connection';
export * from './producers';
export * from './leased-slots';
