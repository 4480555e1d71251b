/**
 * node:fs/promises plus `glob` (Node 22's), for size-limit on Node 20 (bench/size-limit.mjs hands this module to
 * size-limit in place of node:fs/promises). Only what size-limit calls: glob(patterns, { cwd, withFileTypes: true }),
 * yielding Dirent-like entries (name, parentPath, isFile(), isDirectory()).
 */
import path from 'node:path';
import { glob as tinyglob } from 'tinyglobby';

export * from 'node:fs/promises';

export async function* glob(patterns, options = {}) {
  const cwd = options.cwd ?? process.cwd();
  const list = Array.isArray(patterns) ? patterns : [patterns];
  const found = await tinyglob(list, { cwd, absolute: true, onlyFiles: false, dot: true, expandDirectories: false });
  const { stat } = await import('node:fs/promises');
  for (const file of found) {
    const full = file.replace(/\/$/, '');
    if (!options.withFileTypes) {
      yield path.relative(cwd, full);
      continue;
    }
    const s = await stat(full);
    yield {
      name: path.basename(full),
      parentPath: path.dirname(full),
      path: path.dirname(full),
      isFile: () => s.isFile(),
      isDirectory: () => s.isDirectory(),
    };
  }
}
