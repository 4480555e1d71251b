/**
 * `npm run build:lib`: the production library builds, with vite.lib.config.ts's settings, into the package's cdn/
 * folder (dist/packages/gs-screen-share/cdn, what `npm run package` ships):
 *   - cdn/gs-screen-share.js — `<gs-screen-share>` as one ES module, lit, @lit/context and xstate inside, and
 *     the chunks it imports on demand, cdn/i18n/zh.js and ru.js (the Chinese and Russian message tables);
 *   - cdn/gsRTC.js — the gsRTC classic script (IIFE), when the project has one (src/gsrtc/).
 * .size-limit.cjs holds them all to their budgets (`npm run size`, and the `size` stage of `npm test`).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { libEntry, libOutDir, libraryConfig } from '../vite.lib.config.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The gsRTC classic-script entry and its global name: vite.gsrtc.config.ts's `build.lib` when that file exists,
 * else a known file name in src/gsrtc/; null when there is no gsRTC.
 */
export async function gsrtcEntry(): Promise<{ entry: string; name: string } | null> {
  const configFile = path.join(repoRoot, 'vite.gsrtc.config.ts');
  if (existsSync(configFile)) {
    const config = (await import(configFile)).default as InlineConfig;
    const lib = config.build?.lib;
    const raw = lib ? lib.entry : undefined;
    const entry = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw[0] : raw ? Object.values(raw)[0] : undefined;
    if (lib && entry) return { entry: path.resolve(repoRoot, entry), name: lib.name ?? 'gsRTC' };
  }
  const dir = path.join(repoRoot, 'src/gsrtc');
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => /\.ts$/.test(f) && !/\.(test|d)\.ts$/.test(f));
  const pick = ['classic.ts', 'gsRTC.ts', 'gsrtc.ts', 'index.ts'].find((f) => files.includes(f));
  return pick ? { entry: path.join(dir, pick), name: 'gsRTC' } : null;
}

/** Builds the libraries into the package's cdn/ folder (with source maps); returns the files written: the entry, the chunks it loads on demand, gsRTC. */
export async function buildLibraries(): Promise<string[]> {
  const built: string[] = [];
  const outputs = await build({ ...libraryConfig({ entry: libEntry, fileName: 'gs-screen-share', sourcemap: true }), configFile: false });
  const chunks = (Array.isArray(outputs) ? outputs : [outputs]).flatMap((o) => ('output' in o ? o.output : []));
  for (const chunk of chunks) if (chunk.type === 'chunk') built.push(path.join(libOutDir, chunk.fileName));
  const g = await gsrtcEntry();
  if (g) {
    await build({
      ...libraryConfig({ entry: g.entry, format: 'iife', fileName: 'gsRTC', globalName: g.name, emptyOutDir: false, sourcemap: true }),
      configFile: false,
    });
    built.push(path.join(libOutDir, 'gsRTC.js'));
  }
  return built;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildLibraries().then(
    (files) => console.log(`built ${files.map((f) => path.relative(repoRoot, f)).join(', ')}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
