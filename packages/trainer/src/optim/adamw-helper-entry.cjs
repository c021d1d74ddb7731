// Entry of the AdamW helper thread: the package ships TypeScript sources, so register tsx's loader first.
require('tsx/cjs');
require('./adamw-helper-worker.ts');
