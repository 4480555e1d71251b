/**
 * bench/size: how much the browser side weighs, in production.
 *
 *   node --import tsx bench/size.ts [--json]      (npm run bench:size)
 *
 * Builds, with the same settings as the shipped library (vite.lib.config.ts: production condition, NODE_ENV
 * replaced, minified in full, everything bundled):
 *   - the `<gs-screen-share>` entry (src/elements/gs-screen-share/gs-screen-share.ts), as an ES module, and the
 *     chunks it loads on demand (dynamic `import()`: the Chinese and Russian message tables, dist/lib/i18n/), each
 *     printed on its own and added up with the entry, so bytes moved out of the entry still show;
 *   - the gsRTC classic-script entry, as an IIFE, when src/gsrtc/ exists (it is skipped, and said so, when not);
 *   - "probe" entries that re-export exactly the names our entry imports from lit, @lit/context and xstate —
 *     found by reading the import statements of every src/ module the entry bundle contains — so each
 *     library is measured as it is in our bundle: same version, same tree-shaking, same minifier.
 * and prints bytes raw / gzip -9 / brotli (quality 11) for each, then our own code = entry − all three libraries
 * (built together in one probe, so shared lit internals count once), and the package's ESM entry
 * (`import 'gs-screen-share'`, src/index.ts) bundled with lit, @lit/context and xstate left as imports: the code a
 * portal that already has those libraries adds.
 *
 * Goal: the element entry ≤ 28 KB gzip, our own code ≤ 8 KB gzip above its libraries.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, minifySync, type InlineConfig, type Rolldown } from 'vite';
import { libEntry, libraryConfig } from '../vite.lib.config.js';
import { gsrtcEntry } from './build-lib.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const probeDir = path.join(repoRoot, 'bench/.size-probes');
const KB = 1024;
const GOAL_TOTAL_GZIP = 28 * KB;
const GOAL_OWN_GZIP = 8 * KB;

export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

export function sizesOf(code: string | Uint8Array): Sizes {
  const buf = typeof code === 'string' ? Buffer.from(code) : Buffer.from(code);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

type Chunk = Rolldown.OutputChunk;

/**
 * Builds `entry` with the library settings (in memory) and returns its chunks, the entry first, then the chunks it
 * imports on demand; `minify: false` leaves them readable.
 */
async function bundleChunks(entry: string, format: 'es' | 'iife' = 'es', name?: string, minify = true): Promise<Chunk[]> {
  const base = libraryConfig({ entry, format, fileName: 'bundle', globalName: name }) as InlineConfig;
  const rolldownOptions = base.build?.rolldownOptions ?? {};
  const config: InlineConfig = {
    ...base,
    configFile: false,
    build: {
      ...base.build,
      write: false,
      emptyOutDir: false,
      ...(minify ? {} : { minify: false, rolldownOptions: { ...rolldownOptions, output: { ...rolldownOptions.output, minify: false, comments: false } } }),
    },
  };
  const result = await build(config);
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o): o is Chunk => o.type === 'chunk');
  const entries = chunks.filter((c) => c.isEntry);
  if (entries.length !== 1) throw new Error(`${entry}: expected one entry chunk, got ${entries.length}`);
  // Every other chunk must be one the entry loads on demand: a chunk it imports statically would be bytes
  // the entry needs that its own size leaves out.
  if (entries[0].imports.length) throw new Error(`${entry}: the entry imports ${entries[0].imports.join(', ')} statically`);
  return [entries[0], ...chunks.filter((c) => !c.isEntry).sort((a, b) => a.fileName.localeCompare(b.fileName))];
}

/** Builds `entry` with the library settings (in memory) and returns its one chunk (an error when it splits). */
async function bundle(entry: string, format: 'es' | 'iife' = 'es', name?: string, minify = true): Promise<Chunk> {
  const chunks = await bundleChunks(entry, format, name, minify);
  if (chunks.length !== 1) throw new Error(`${entry}: expected one chunk, got ${chunks.map((c) => c.fileName).join(', ')}`);
  return chunks[0];
}

/** The libraries we measure, and which import specifiers belong to each. */
const libraries = [
  { name: 'lit', owns: (spec: string) => spec === 'lit' || spec.startsWith('lit/') },
  { name: '@lit/context', owns: (spec: string) => spec === '@lit/context' || spec.startsWith('@lit/context/') },
  { name: 'xstate', owns: (spec: string) => spec === 'xstate' || spec.startsWith('xstate/') },
] as const;
type LibraryName = (typeof libraries)[number]['name'];

/** specifier → the value names imported from it, over every src/ module in the bundle (type-only imports left out). */
export function usedImports(chunk: Chunk): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const sources = Object.keys(chunk.modules).filter((id) => id.startsWith(path.join(repoRoot, 'src')) && /\.[cm]?[jt]s$/.test(id));
  const statement = /(?:^|\n)\s*import\s+(type\s+)?([^'";]*?)\s+from\s+['"]([^'"]+)['"]/g;
  for (const id of sources) {
    const text = readFileSync(id.split('?')[0], 'utf8');
    for (const m of text.matchAll(statement)) {
      const [, typeOnly, clause, spec] = m;
      if (typeOnly || !libraries.some((l) => l.owns(spec))) continue;
      const names = used.get(spec) ?? new Set<string>();
      used.set(spec, names);
      const braces = /\{([^}]*)\}/.exec(clause);
      if (!braces || /\*\s+as|^\s*\w+\s*,?\s*(?:\{|$)/.test(clause.replace(/\{[^}]*\}/, ''))) {
        // A default or namespace import: measure the whole module.
        if (/\*\s+as/.test(clause)) names.add('*');
        else if (clause.trim() && !clause.trim().startsWith('{')) names.add('default');
      }
      if (braces) {
        for (const part of braces[1].split(',')) {
          const p = part.trim();
          if (!p || p.startsWith('type ')) continue;
          names.add(p.split(/\s+as\s+/)[0].trim());
        }
      }
    }
  }
  return used;
}

/** An entry that re-exports exactly `names` from each specifier. */
function probeSource(used: Map<string, Set<string>>, only: (spec: string) => boolean): string {
  const lines: string[] = [];
  let n = 0;
  for (const [spec, names] of [...used].sort()) {
    if (!only(spec)) continue;
    const named = [...names].filter((x) => x !== '*' && x !== 'default').sort();
    if (named.length) lines.push(`export { ${named.map((x) => `${x} as _${n++}`).join(', ')} } from '${spec}';`);
    if (names.has('*')) lines.push(`export * as _${n++} from '${spec}';`);
    if (names.has('default')) lines.push(`export { default as _${n++} } from '${spec}';`);
  }
  return lines.join('\n') + '\n';
}

async function probe(name: string, source: string): Promise<Sizes> {
  mkdirSync(probeDir, { recursive: true });
  const file = path.join(probeDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.js`);
  writeFileSync(file, source);
  return sizesOf((await bundle(file)).code);
}

/**
 * Where our own bytes go: for each src/ module in the bundle, how much smaller the minified, gzipped bundle gets
 * without that module's code (its marginal cost; the bundle is cut before minification and minified again, without compression, so that
 * no library code drops out with it).
 */
async function ownModules(entry: string): Promise<{ module: string; gzip: number }[]> {
  const [chunk] = await bundleChunks(entry, 'es', undefined, false);
  const gz = (code: string) => gzipSync(minifySync('bundle.js', code, { module: true, compress: false, mangle: true }).code, { level: 9 }).length;
  // A module's code holds its dynamic imports' chunk names as placeholders (`import("./x-!~{001}~.js")`) that the
  // chunk has resolved: blank the specifiers on both sides, so such a module (localize.ts) is found and measured too.
  const blankImports = (code: string) => code.replace(/\bimport\((["'`])[^"'`]*\1\)/g, 'import("")');
  const code = blankImports(chunk.code);
  const whole = gz(code);
  const rows: { module: string; gzip: number }[] = [];
  for (const [id, mod] of Object.entries(chunk.modules)) {
    const own = mod.code && blankImports(mod.code);
    if (!id.startsWith(path.join(repoRoot, 'src')) || !own || !code.includes(own)) continue;
    rows.push({ module: path.relative(repoRoot, id), gzip: whole - gz(code.replace(own, '')) });
  }
  return rows.sort((a, b) => b.gzip - a.gzip);
}

/** A chunk the entry loads on demand: its file (relative to dist/lib), the src/ modules in it, its bytes. */
export interface LazyChunk {
  file: string;
  modules: string[];
  sizes: Sizes;
}

export interface SizeReport {
  /** The entry module alone: what every page loads. */
  entry: Sizes;
  /** The chunks the entry imports on demand (dynamic `import()`), each measured alone. */
  lazyChunks: LazyChunk[];
  /** entry + every lazy chunk (each compressed on its own, as each is served). */
  total: Sizes;
  gsrtc: Sizes | null;
  gsrtcNote: string;
  libraries: Record<LibraryName, Sizes>;
  /** @lit/context added to lit (what it costs once lit is there). */
  contextOverLit: Sizes;
  allLibraries: Sizes;
  own: Sizes;
  used: Record<string, string[]>;
  /** Marginal gzip bytes of each of our modules. */
  byModule: { module: string; gzip: number }[];
  /**
   * The package's ESM entry (`import 'gs-screen-share'`, src/index.ts) as a portal's bundler sees it: our own code
   * only, lit, @lit/context and xstate left as imports (the portal has them once for everything), minified like the
   * cdn file; the chunks it loads on demand are not in it.
   */
  esmOwn: Sizes;
}

/** The ESM entry's own code: src/index.ts bundled with the libraries external (see SizeReport.esmOwn). */
async function esmOwnCode(): Promise<Sizes> {
  const base = libraryConfig({ entry: path.join(repoRoot, 'src/index.ts'), fileName: 'bundle' }) as InlineConfig;
  const rolldownOptions = base.build?.rolldownOptions ?? {};
  const external = (id: string) => libraries.some((l) => l.owns(id));
  const result = await build({ ...base, configFile: false, build: { ...base.build, write: false, emptyOutDir: false, rolldownOptions: { ...rolldownOptions, external } } });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const entry = outputs.flatMap((o) => o.output).find((o): o is Chunk => o.type === 'chunk' && o.isEntry);
  if (!entry) throw new Error('src/index.ts: no entry chunk');
  if (!/from\s*["']lit["']/.test(entry.code)) throw new Error('src/index.ts: lit was bundled, not imported');
  return sizesOf(entry.code);
}

const diff = (a: Sizes, b: Sizes): Sizes => ({ raw: a.raw - b.raw, gzip: a.gzip - b.gzip, brotli: a.brotli - b.brotli });
const sum = (a: Sizes, b: Sizes): Sizes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

export async function measure(): Promise<SizeReport> {
  try {
    const [entryChunk, ...others] = await bundleChunks(libEntry);
    const entry = sizesOf(entryChunk.code);
    const lazyChunks: LazyChunk[] = others.map((c) => ({
      file: c.fileName,
      modules: Object.keys(c.modules).map((id) => path.relative(repoRoot, id)),
      sizes: sizesOf(c.code),
    }));
    for (const c of [entryChunk, ...others]) if (/process\.env/.test(c.code)) throw new Error(`process.env left in the production bundle (${c.fileName})`);
    // The libraries as the entry and its lazy chunks import them (the lazy chunks import none today).
    const used = usedImports({ ...entryChunk, modules: Object.assign({}, ...[entryChunk, ...others].map((c) => c.modules)) });
    const sizes = {} as Record<LibraryName, Sizes>;
    for (const lib of libraries) sizes[lib.name] = await probe(lib.name, probeSource(used, lib.owns));
    const litAndContext = await probe('lit+context', probeSource(used, (s) => libraries[0].owns(s) || libraries[1].owns(s)));
    const allLibraries = await probe('all', probeSource(used, (s) => libraries.some((l) => l.owns(s))));

    let gsrtc: Sizes | null = null;
    let gsrtcNote = 'src/gsrtc/ does not exist yet: no gsRTC classic-script build';
    const g = await gsrtcEntry();
    if (g) {
      gsrtc = sizesOf((await bundle(g.entry, 'iife', g.name)).code);
      gsrtcNote = path.relative(repoRoot, g.entry);
    } else if (existsSync(path.join(repoRoot, 'src/gsrtc'))) {
      gsrtcNote = 'src/gsrtc/ exists but has no recognisable entry (classic.ts, gsRTC.ts, index.ts…): skipped';
    }
    return {
      entry,
      lazyChunks,
      total: lazyChunks.reduce((t, c) => sum(t, c.sizes), entry),
      gsrtc,
      gsrtcNote,
      libraries: sizes,
      contextOverLit: diff(litAndContext, sizes.lit),
      allLibraries,
      own: diff(entry, allLibraries),
      used: Object.fromEntries([...used].map(([k, v]) => [k, [...v].sort()])),
      byModule: await ownModules(libEntry),
      esmOwn: await esmOwnCode(),
    };
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

function table(rows: [string, Sizes][]): string {
  const w = Math.max(...rows.map(([l]) => l.length));
  const head = `${'bundle'.padEnd(w)}  ${'raw'.padStart(8)}  ${'gzip -9'.padStart(8)}  ${'brotli'.padStart(8)}`;
  const lines = rows.map(([label, s]) => `${label.padEnd(w)}  ${fmt(s.raw).padStart(8)}  ${fmt(s.gzip).padStart(8)}  ${fmt(s.brotli).padStart(8)}`);
  return [head, '-'.repeat(head.length), ...lines].join('\n');
}

async function main() {
  const r = await measure();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  console.log('Production bundles (minified, production condition, NODE_ENV=production), bytes:\n');
  const rows: [string, Sizes][] = [['<gs-screen-share> entry (ES module)', r.entry]];
  for (const c of r.lazyChunks) rows.push([`  + ${c.file}, loaded on demand`, c.sizes]);
  if (r.lazyChunks.length) rows.push([`  = entry + ${r.lazyChunks.length} lazy chunks`, r.total]);
  if (r.gsrtc) rows.push([`gsRTC classic script, IIFE (${r.gsrtcNote})`, r.gsrtc]);
  rows.push(
    ['  lit alone (what we use of it)', r.libraries.lit],
    ['  @lit/context alone (pulls part of lit)', r.libraries['@lit/context']],
    ['  @lit/context on top of lit', r.contextOverLit],
    ['  xstate alone (what we use of it)', r.libraries.xstate],
    ['  lit + @lit/context + xstate together', r.allLibraries],
    ['  our own code = entry − libraries', r.own],
    ["ESM entry 'gs-screen-share', own code (libraries imported)", r.esmOwn],
  );
  console.log(table(rows));
  if (!r.gsrtc) console.log(`\n(${r.gsrtcNote})`);
  console.log('\nOur own code in the entry by module (gzip bytes the entry loses without it; they overlap, so they do not add up exactly):');
  for (const m of r.byModule) console.log(`  ${fmt(m.gzip).padStart(6)}  ${m.module}`);
  if (r.lazyChunks.length) {
    console.log('\nLoaded on demand (not in the entry; gzip bytes of each chunk alone):');
    for (const c of r.lazyChunks) console.log(`  ${fmt(c.sizes.gzip).padStart(6)}  ${c.file}: ${c.modules.join(', ')}`);
  }
  console.log('\nImports measured:');
  for (const [spec, names] of Object.entries(r.used)) console.log(`  ${spec}: ${names.join(', ')}`);
  if (r.gsrtc) console.log(`\ngsRTC: ${fmt(r.gsrtc.gzip)} B gzip, against the original gsRTC.min.js's 58,331 B gzip.`);
  const okTotal = r.entry.gzip <= GOAL_TOTAL_GZIP;
  const okOwn = r.own.gzip <= GOAL_OWN_GZIP;
  console.log(
    `\nGoal: entry ≤ ${fmt(GOAL_TOTAL_GZIP)} B gzip → ${fmt(r.entry.gzip)} B ${okTotal ? 'OK' : 'OVER'}; ` +
      `own code ≤ ${fmt(GOAL_OWN_GZIP)} B gzip → ${fmt(r.own.gzip)} B ${okOwn ? 'OK' : 'OVER'}` +
      (r.lazyChunks.length ? ` (entry + lazy chunks: ${fmt(r.total.gzip)} B gzip)` : ''),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
