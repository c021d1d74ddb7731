#!/usr/bin/env node
// `whetstone` / `npx whetstone`: runs the bundled CLI (built by `npm run build`, `npm start` and `npm test`).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '../dist/whetstone.cjs');
if (!existsSync(bundle)) {
  console.error('whetstone: the CLI is not built yet; run `npm run build -w @whetstone/cli` in the checkout.');
  process.exit(1);
}
require(bundle);
