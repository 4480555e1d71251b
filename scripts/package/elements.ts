/**
 * The elements package, gs-screen-share-<version>.tgz (`npm run package`), staged in dist/packages/gs-screen-share:
 *   dist/        ES2022 modules compiled by tsc from src/ (bare imports of lit, @lit/context and xstate), with a
 *                `.d.ts` and a source map beside each: index.js (the main entry), elements/<tag>/<tag>.js (registers
 *                the tag) and <tag>.component.js (the class only), gsrtc/, elements/i18n/messages.<lang>.js and elements/<tag>/messages.<lang>.js, react/;
 *   cdn/         one file per element and gsRTC.js (the classic script), libraries inside (bench/build-lib.ts);
 *   custom-elements.json with its paths pointing at dist/, README.md, CHANGELOG.md, LICENSE, package.json.
 * The elements are the manifest's tags (custom-elements.json), so a new element is packaged without a change here.
 */
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { libraryConfig } from '../../vite.lib.config.js';
import { buildLibraries } from '../../bench/build-lib.js';
import { bareImports, emit, packagesDir, rangesOf, repoRoot, rootPackage } from './common.js';

export const elementsDir = path.join(packagesDir, 'gs-screen-share');
/** The only packages the elements' modules may import; anything else is an error (it would be a dependency). */
const LIBRARIES = ['lit', '@lit/context', 'xstate'];

interface Manifest {
  modules: { path: string; declarations?: { tagName?: string }[] }[];
}

/** The tags of the manifest's elements, each with its class-only module (src/elements/<tag>/<tag>.component.ts). */
export function elementTags(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'custom-elements.json'), 'utf8')) as Manifest;
  const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : []))).sort();
  for (const tag of tags) {
    for (const file of [`${tag}.ts`, `${tag}.component.ts`]) {
      if (!existsSync(path.join(repoRoot, 'src/elements', tag, file))) throw new Error(`<${tag}>: src/elements/${tag}/${file} is missing`);
    }
  }
  return tags;
}

/** The tags whose own message table ships as i18n/<tag>.<lang>.js: src/elements/<tag>/messages.<lang>.ts. */
function tablesOf(tags: string[]): string[] {
  return tags.filter((tag) => existsSync(path.join(repoRoot, 'src/elements', tag, 'messages.en.ts')));
}

/** The languages of `<gs-screen-share>`'s table, shipped as i18n/<lang>.js: src/elements/i18n/messages.<lang>.ts. */
function languages(): string[] {
  return readdirSync(path.join(repoRoot, 'src/elements/i18n'))
    .flatMap((f) => /^messages\.([a-z]{2,3})\.ts$/.exec(f)?.[1] ?? [])
    .sort();
}

/** Every string `src/…/x.ts` in the manifest becomes `dist/…/x.js`, the shipped module. */
function shippedManifest(): string {
  const text = readFileSync(path.join(repoRoot, 'custom-elements.json'), 'utf8');
  return JSON.stringify(
    JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? value.replace(/^src\/(.*)\.ts$/, 'dist/$1.js') : value)),
    null,
    2,
  );
}

/** @lit/react goes inside react/ (react/lit-react.js and .d.ts, its BSD-3-Clause notice kept), so it is no dependency. */
function vendorLitReact(reactDir: string): void {
  const from = path.join(repoRoot, 'node_modules/@lit/react');
  const strip = (text: string) => text.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  writeFileSync(path.join(reactDir, 'lit-react.js'), strip(readFileSync(path.join(from, 'create-component.js'), 'utf8')));
  writeFileSync(path.join(reactDir, 'lit-react.d.ts'), strip(readFileSync(path.join(from, 'create-component.d.ts'), 'utf8')));
  for (const file of readdirSync(reactDir).filter((f) => /\.(js|d\.ts)$/.test(f) && !f.startsWith('lit-react.'))) {
    const target = path.join(reactDir, file);
    writeFileSync(target, readFileSync(target, 'utf8').replace(/(['"])@lit\/react\1/g, "'./lit-react.js'"));
  }
}

/** The cdn/ files: one per element, gsRTC.js, and the message tables they load on demand (cdn/i18n/). */
async function buildCdn(tags: string[]): Promise<void> {
  await buildLibraries(); // cdn/gs-screen-share.js, cdn/i18n/*.js and cdn/gsRTC.js, as `npm run size` checks them
  const cdn = path.join(elementsDir, 'cdn');
  for (const tag of tags.filter((t) => t !== 'gs-screen-share')) {
    const entry = path.join(repoRoot, 'src/elements', tag, `${tag}.ts`);
    await build({ ...libraryConfig({ entry, fileName: tag, outDir: cdn, emptyOutDir: false, sourcemap: true }), configFile: false });
  }
  // Types for a page that imports a cdn file from TypeScript: the same as the module's.
  for (const tag of tags) writeFileSync(path.join(cdn, `${tag}.d.ts`), `export * from '../dist/elements/${tag}/${tag}.js';\n`);
  writeFileSync(
    path.join(cdn, 'gsRTC.d.ts'),
    `import type { GsRTC } from '../dist/gsrtc/index.js';\n\ndeclare global {\n  /** The gsRTC API the classic script sets (seed 000). */\n  var gsRTC: GsRTC;\n}\n\nexport {};\n`,
  );
}

function packageJson(tags: string[]): object {
  const entry = (js: string) => ({ types: js.replace(/\.js$/, '.d.ts'), default: js });
  const exports: Record<string, unknown> = { '.': entry('./dist/index.js') };
  for (const tag of tags) {
    exports[`./${tag}.js`] = entry(`./dist/elements/${tag}/${tag}.js`);
    exports[`./${tag}.component.js`] = entry(`./dist/elements/${tag}/${tag}.component.js`);
  }
  exports['./gsrtc.js'] = entry('./dist/gsrtc/index.js');
  exports['./gsrtc'] = exports['./gsrtc.js'];
  exports['./i18n/*.js'] = entry('./dist/elements/i18n/messages.*.js');
  // The other elements' tables: the longer pattern wins over './i18n/*.js' (Node's resolution of "exports").
  for (const tag of tablesOf(tags)) exports[`./i18n/${tag}.*.js`] = entry(`./dist/elements/${tag}/messages.*.js`);
  exports['./react/*.js'] = entry('./dist/react/*.js');
  exports['./cdn/*.js'] = entry('./cdn/*.js');
  exports['./custom-elements.json'] = './custom-elements.json';
  exports['./package.json'] = './package.json';
  return {
    name: 'gs-screen-share',
    version: rootPackage.version,
    description: rootPackage.description,
    license: rootPackage.license,
    type: 'module',
    main: './dist/index.js',
    module: './dist/index.js',
    types: './dist/index.d.ts',
    exports,
    customElements: './custom-elements.json',
    // Only the modules that register a tag (and the cdn files, which do too) have side effects.
    sideEffects: ['./dist/index.js', ...tags.map((tag) => `./dist/elements/${tag}/${tag}.js`), './cdn/*.js'],
    files: ['dist', 'cdn', 'custom-elements.json', 'README.md', 'CHANGELOG.md', 'LICENSE'],
    keywords: ['web-components', 'custom-elements', 'lit', 'webrtc', 'screen-sharing', 'grandstream'],
    engines: { node: '>=18' },
    dependencies: rangesOf(LIBRARIES),
    // Only the React wrappers (react/*.js) import React.
    peerDependencies: { react: '>=18' },
    peerDependenciesMeta: { react: { optional: true } },
  };
}

/** Stages the elements package in dist/packages/gs-screen-share (the caller emptied it). */
export async function stageElements(): Promise<string> {
  const tags = elementTags();
  const src = (p: string) => path.join(repoRoot, 'src', p);
  const entries = [
    src('index.ts'),
    ...tags.flatMap((tag) => [src(`elements/${tag}/${tag}.ts`), src(`elements/${tag}/${tag}.component.ts`)]),
    ...languages().map((lang) => src(`elements/i18n/messages.${lang}.ts`)),
    ...tablesOf(tags).flatMap((tag) => languages().map((lang) => src(`elements/${tag}/messages.${lang}.ts`))),
    src('gsrtc/index.ts'),
    ...tags.map((tag) => src(`react/${tag}.ts`)),
  ];
  const dist = path.join(elementsDir, 'dist');
  emit(entries, dist, []);
  vendorLitReact(path.join(dist, 'react'));
  const imported = [...bareImports(dist)].filter((spec) => spec !== 'react');
  const extra = imported.filter((spec) => !LIBRARIES.includes(spec));
  if (extra.length) throw new Error(`the elements' modules import ${extra.join(', ')}: only ${LIBRARIES.join(', ')} may be dependencies`);
  await buildCdn(tags);
  writeFileSync(path.join(elementsDir, 'custom-elements.json'), `${shippedManifest()}\n`);
  writeFileSync(path.join(elementsDir, 'package.json'), `${JSON.stringify(packageJson(tags), null, 2)}\n`);
  for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) copyFileSync(path.join(repoRoot, file), path.join(elementsDir, file));
  return elementsDir;
}
