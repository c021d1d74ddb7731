#!/usr/bin/env node
// The `whetstone-train` bin: the package ships TypeScript sources, so register tsx's loader and run them.
require('tsx/cjs');
require('./main.ts');
