#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` through `prepare`).
// In a checkout without dist/, falls back to the TypeScript sources via tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
let entry = compiled;
if (!existsSync(fileURLToPath(compiled))) {
  await import('tsx/esm');
  entry = new URL('../src/cli/main.ts', import.meta.url);
}
const { main } = await import(entry.href);
const { processIo } = await import(new URL(entry.href.replace(/main\.(js|ts)$/, 'io.$1')).href);
process.exitCode = await main(process.argv.slice(2), processIo());
