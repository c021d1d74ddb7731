export * from './file-object';
export * from './find-file';
export * from './upload-file';
export * from './delete-file';
export * from './validate-file';
export * from './token-counter';
export * from './sweep-unvalidated-files';
export * from './file-expiry';
