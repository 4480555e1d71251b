// `npm run manifest` (cem analyze) writes ./custom-elements.json from the Lit elements' sources and JSDoc;
// scripts/check-manifest.mjs (part of `npm test`) fails when the committed file is stale.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export default {
  globs: ['src/elements/**/*.component.ts', 'src/elements/**/*.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts', '**/*.d.ts'],
  outdir: '.',
  litelement: true,
  // Leave package.json alone (the analyzer would otherwise add "customElements" to it on every run).
  packagejson: false,
  // The analyzer takes files in the order its file search happens to find them, which changes from run to run;
  // sort them so the manifest is the same every time (as the analyzer itself would parse them otherwise).
  overrideModuleCreation: ({ ts, globs }) =>
    [...new Set(globs)]
      .sort()
      .map((file) => ts.createSourceFile(file, readFileSync(resolve(file), 'utf8'), ts.ScriptTarget.ES2015, true)),
};
