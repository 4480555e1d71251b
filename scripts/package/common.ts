/** Shared steps of `npm run package` (scripts/package.ts): paths, tsc emit, bare imports, npm pack. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the tarballs go, each built from its folder beside them. */
export const packagesDir = path.join(repoRoot, 'dist/packages');
/** The repository's package.json: the one place the version (and the libraries' ranges) are kept. */
export const rootPackage = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  description: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

export function run(command: string, args: string[], cwd = repoRoot): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Compiles `files` (and everything they import) from src/ into `outDir` with the repository's compiler options,
 * emitting ES2022 JavaScript, a `.d.ts` and a source map (sources inline) beside every module.
 */
export function emit(files: string[], outDir: string, types: string[]): void {
  const config = path.join(packagesDir, `tsconfig.${path.basename(path.dirname(outDir))}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(repoRoot, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        sourceMap: true,
        inlineSources: true,
        rootDir: path.join(repoRoot, 'src'),
        outDir,
        types,
      },
      files,
      include: [],
    }),
  );
  run(path.join(repoRoot, 'node_modules/.bin/tsc'), ['-p', config]);
}

/** Every file under `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** The packages (`lit`, `@lit/context`) the `.js` files under `dir` import by bare specifier; node: builtins left out. */
export function bareImports(dir: string): Set<string> {
  const found = new Set<string>();
  const statement = /(?:^|\n|;)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"./][^'"]*)['"]|\bimport\(\s*['"]([^'"./][^'"]*)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"./][^'"]*)['"]/g;
  for (const file of filesUnder(dir).filter((f) => f.endsWith('.js'))) {
    for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(statement)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('node:')) continue;
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return found;
}

/** The version ranges the repository uses for `names` (an error for one it does not depend on). */
export function rangesOf(names: Iterable<string>): Record<string, string> {
  const all = { ...rootPackage.devDependencies, ...rootPackage.dependencies };
  const out: Record<string, string> = {};
  for (const name of [...names].sort()) {
    if (!all[name]) throw new Error(`${name} is imported but not in package.json`);
    out[name] = all[name];
  }
  return out;
}

/** `npm pack` of `dir` into dist/packages; returns the tarball's path. */
export function pack(dir: string): string {
  const out = run('npm', ['pack', '--json', '--pack-destination', packagesDir], dir);
  const [{ filename }] = JSON.parse(out) as { filename: string }[];
  return path.join(packagesDir, filename);
}
