#!/usr/bin/env node
// Fails (exit 1) when ./custom-elements.json is not what `npm run manifest` would write now.
// The manifest is regenerated in memory with the same analyzer and config; nothing is written.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const manifestPath = fileURLToPath(new URL('../custom-elements.json', import.meta.url));

process.chdir(repoRoot); // the config resolves the element files against the working directory
const fresh = await cli({
  argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
  cwd: repoRoot,
  noWrite: true,
});
const expected = `${JSON.stringify(fresh, null, 2)}\n`;

let actual;
try {
  actual = await readFile(manifestPath, 'utf8');
} catch {
  console.error('custom-elements.json is missing: run npm run manifest');
  process.exit(1);
}

if (actual.replace(/\r\n/g, '\n') !== expected) {
  const a = actual.split('\n');
  const e = expected.split('\n');
  let line = 0;
  while (line < Math.max(a.length, e.length) && a[line] === e[line]) line++;
  console.error('custom-elements.json is stale: run npm run manifest');
  console.error(`  first difference at line ${line + 1}:`);
  console.error(`    committed: ${a[line] ?? '<end of file>'}`);
  console.error(`    generated: ${e[line] ?? '<end of file>'}`);
  process.exit(1);
}
console.log('custom-elements.json is up to date');
