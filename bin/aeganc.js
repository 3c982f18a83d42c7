#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` through `prepare`).
// In a checkout without dist/, falls back to the TypeScript sources via tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/run.js', import.meta.url);
if (existsSync(fileURLToPath(compiled))) {
  await import(compiled.href);
} else {
  await import('tsx/esm');
  await import(new URL('../src/cli/run.ts', import.meta.url).href);
}
