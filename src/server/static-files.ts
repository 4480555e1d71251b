/**
 * Serves files from one folder over HTTP GET/HEAD (the demo pages). `/` and any path ending in `/` serve
 * that folder's `index.html`. A path is resolved, then its real path (symlinks followed) must stay inside the
 * folder's real path, so `..`, `%2e%2e`, encoded slashes and symlinks cannot reach anything outside: 404.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** Content-Type by lower-case file extension; anything else is `application/octet-stream`. */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** The Content-Type for `file` by its extension. */
export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** True when `candidate` is `root` or lies inside it (both absolute, normalised). */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The absolute file a request target names inside `root`, or null when it cannot name one
 * (malformed percent-encoding, a NUL byte, or a path that resolves outside `root`).
 */
export function resolveTarget(root: string, target: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(target.split(/[?#]/, 1)[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || !decoded.startsWith('/')) return null;
  if (decoded.endsWith('/')) decoded += 'index.html';
  const full = path.resolve(root, `.${decoded}`);
  return isInside(root, full) ? full : null;
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end('Not Found\n');
}

async function fileToServe(rootReal: string, target: string): Promise<{ file: string; size: number } | null> {
  const candidate = resolveTarget(rootReal, target);
  if (!candidate) return null;
  let file = await realpath(candidate);
  if (!isInside(rootReal, file)) return null;
  let info = await stat(file);
  if (info.isDirectory()) {
    file = await realpath(path.join(file, 'index.html'));
    if (!isInside(rootReal, file)) return null;
    info = await stat(file);
  }
  return info.isFile() ? { file, size: info.size } : null;
}

/**
 * Answers a GET or HEAD request from `root`: 200 with Content-Type, Content-Length and `Cache-Control: no-cache`
 * (no body for HEAD), or 404. Never rejects; a read error after the headers destroys the response.
 */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let found: { file: string; size: number } | null = null;
  try {
    found = await fileToServe(await realpath(root), req.url ?? '/');
  } catch {
    found = null; // ENOENT, ENOTDIR, EACCES…: not there for us
  }
  if (!found) return notFound(res);
  res.writeHead(200, {
    'Content-Type': contentTypeOf(found.file),
    'Content-Length': found.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(found.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
