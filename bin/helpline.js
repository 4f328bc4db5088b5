#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled to dist/ by `npm run build` (run on install by `prepare`).
require('../dist/src/cli/main.js');
