// The production library build of `<gs-screen-share>`: one minified ES module, the package's
// cdn/gs-screen-share.js (dist/packages/gs-screen-share/cdn/), with lit, @lit/context and xstate bundled in, ready for
// a plain `<script type="module" src="gs-screen-share.js">`, and beside it the message tables it imports on demand,
// cdn/i18n/zh.js and ru.js (English is in the entry). `npm run package` (scripts/package.ts) builds every element's
// cdn file with it.
// `npm run build:lib` (bench/build-lib.ts) runs it, and builds the gsRTC classic script the same way when there is one;
// `npm run size` checks both against their budgets in .size-limit.cjs; `npm run bench:size`
// (bench/size.ts) prints its bytes raw / gzip -9 / brotli and what each library weighs in it.
//
// Production, everywhere: mode 'production', the 'production' export condition (lit and xstate publish their
// dev builds — warnings, extra checks — under 'development'), and NODE_ENV replaced so no dev branch survives.
// Vite's library mode leaves ES output half-minified (no whitespace removal, pure annotations kept) so that an
// app's bundler can tree-shake it again; this file is the end product, with its libraries inside, so it is
// minified in full and its annotations dropped. Two more savings, both on our own sources only (src/):
//   - the css`` and html`` templates of our elements are minified (CSS by lightningcss, HTML by collapsing
//     whitespace runs that contain a line break into one space, which renders the same);
//   - xstate's `fromCallback` is declared pure, so actor logic that is exported but unused is dropped.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform as transformCss } from 'lightningcss';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export const libEntry = resolve(repoRoot, 'src/elements/gs-screen-share/gs-screen-share.ts');
export const libOutDir = resolve(repoRoot, 'dist/packages/gs-screen-share/cdn');
/**
 * A message table module, src/elements/<dir>/messages.<lang>.ts; group 1 is the folder (`i18n` for
 * `<gs-screen-share>`'s, else the element's tag), group 2 the language (`zh`).
 */
export const i18nTable = /\/src\/elements\/([\w-]+)\/messages\.([a-z]{2,3})\.ts$/;

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Every TaggedTemplateExpression under `node` whose tag is the identifier `css` or `html`. */
function* taggedTemplates(node: unknown): Generator<{ tag: string; quasis: Node[] }> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) yield* taggedTemplates(child);
    return;
  }
  const n = node as Node;
  if (n.type === 'TaggedTemplateExpression') {
    const tag = n.tag as Node & { name?: string };
    const quasi = n.quasi as Node & { quasis: Node[] };
    if (tag.type === 'Identifier' && (tag.name === 'css' || tag.name === 'html')) yield { tag: tag.name, quasis: quasi.quasis };
  }
  for (const key of Object.keys(n)) if (key !== 'type' && key !== 'start' && key !== 'end') yield* taggedTemplates(n[key]);
}

/** Minifies the css`` (no interpolation) and html`` templates of our own modules. */
export function minifyTemplates(): Plugin {
  return {
    name: 'gs-minify-templates',
    transform: {
      filter: { id: /\/src\/.*\.ts$/ },
      handler(code, id) {
        if (!/\b(?:css|html)`/.test(code)) return null;
        const edits: { start: number; end: number; text: string }[] = [];
        for (const { tag, quasis } of taggedTemplates(this.parse(code))) {
          if (tag === 'css') {
            if (quasis.length !== 1) continue;
            const q = quasis[0];
            const raw = code.slice(q.start, q.end);
            if (raw.includes('\\') || raw.includes('`')) continue;
            try {
              const out = transformCss({ filename: `${id}.css`, code: Buffer.from(raw), minify: true }).code.toString();
              edits.push({ start: q.start, end: q.end, text: out });
            } catch {
              /* not plain CSS: leave it */
            }
          } else {
            for (const q of quasis) {
              const raw = code.slice(q.start, q.end);
              const text = raw.replace(/[ \t]*\r?\n\s*/g, ' ');
              if (text !== raw) edits.push({ start: q.start, end: q.end, text });
            }
          }
        }
        if (edits.length === 0) return null;
        let out = code;
        for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
        return { code: out, map: null };
      },
    },
  };
}

export interface LibraryBuild {
  /** The entry module. */
  entry: string;
  /** 'es' for a module (`<script type="module">`), 'iife' for a classic script. */
  format?: 'es' | 'iife';
  /** The output file name in `outDir`, without `.js`. */
  fileName: string;
  /** The global an IIFE assigns its exports to. */
  globalName?: string;
  /** Where it goes (default the package's cdn/ folder). */
  outDir?: string;
  /** Empty `outDir` first (default true). */
  emptyOutDir?: boolean;
  /** Write a source map beside the file (default false). */
  sourcemap?: boolean;
}

/** The production library build of `entry`; bench/size.ts and bench/build-lib.ts build other entries with it. */
export function libraryConfig({ entry, format = 'es', fileName, globalName, outDir = libOutDir, emptyOutDir = true, sourcemap = false }: LibraryBuild) {
  return defineConfig({
    root: repoRoot,
    mode: 'production',
    publicDir: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: { conditions: ['module', 'browser', 'production'] },
    plugins: [minifyTemplates()],
    build: {
      outDir,
      emptyOutDir,
      target: 'es2022',
      minify: 'oxc',
      sourcemap,
      reportCompressedSize: false,
      lib: {
        entry: { [fileName]: entry },
        formats: [format],
        name: globalName,
        fileName: () => `${fileName}.js`,
      },
      rolldownOptions: {
        // Nothing external: lit, lit-html, @lit/reactive-element, @lit/context and xstate all go in.
        external: [],
        // The entry may export more than its own names: the code its on-demand chunks share with it then stays in
        // the entry (which has it loaded already) and the chunks import it from there, instead of a third chunk
        // that every page would have to fetch.
        preserveEntrySignatures: 'allow-extension',
        treeshake: { manualPureFunctions: ['fromCallback'] },
        output: {
          // The message tables that load on demand land next to the entry under stable names, so a page can also
          // import one eagerly (src/elements/i18n/localize.ts): `<gs-screen-share>`'s (src/elements/i18n/messages.zh.ts)
          // as cdn/i18n/zh.js, another element's (src/elements/gs-room/messages.zh.ts) as cdn/i18n/gs-room.zh.js;
          // another piece an entry loads on demand (a dynamic import() of src/…/x.ts: the stats panel, the confirm
          // prompt, the answer repair…) as cdn/chunks/<entry>/x.js, under its entry's name because it imports the
          // entry's code (each element's cdn file has its own); any other split chunk keeps the default hashed name.
          chunkFileNames: (chunk) => {
            const table = chunk.facadeModuleId ? i18nTable.exec(chunk.facadeModuleId) : null;
            if (!table) return chunk.facadeModuleId && chunk.isDynamicEntry ? `chunks/${fileName}/[name].js` : '[name]-[hash].js';
            return table[1] === 'i18n' ? `i18n/${table[2]}.js` : `i18n/${table[1]}.${table[2]}.js`;
          },
          minify: true,
          comments: { annotation: false, jsdoc: false, legal: false },
        },
      },
    },
  });
}

/** `vite build -c vite.lib.config.ts`: the element entry → cdn/gs-screen-share.js. */
export default libraryConfig({ entry: libEntry, fileName: 'gs-screen-share' });
