/**
 * The packages as a portal team and an operator meet them: `npm run package` (scripts/package.ts) builds both
 * tarballs; they are installed into a fresh temporary project whose other packages (lit, @lit/context, xstate,
 * react, react-dom, vite, typescript, @types/react) come from the registry through npm, with npm's cache inside the
 * temporary folder. Then, from the installed files only (test/e2e/package-consumer/ holds the portal's sources):
 *   - a strict TypeScript consumer type-checks against the installed declarations (methods, results, event details,
 *     the React wrapper's props), and its deliberate mistakes are errors;
 *   - the portal's Vite build of a page importing `gs-screen-share` and `gs-screen-share/gs-terminal.js`, served by
 *     `npx gs-screen-share-server --static …` (compiled JavaScript; no tsx in the project), shares the fake screen
 *     from the packaged sharer to the packaged terminal in Chromium, which decodes frames, with one copy of lit;
 *   - a plain page that loads only cdn/gs-screen-share.js shares to that terminal too, fetching nothing else;
 *   - the React wrapper renders the element with its props and hears `shareScreen`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { type Browser, type Page, chromium } from 'playwright-core';
import { buildPackages } from '../../scripts/package.js';
import { chromiumArgs, repoRoot, terminalFramesDecoded, until } from './support/harness.js';

const consumerSources = path.join(repoRoot, 'test/e2e/package-consumer');
const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const range = (name: string) => root.dependencies[name] ?? root.devDependencies[name];
/** The portal's own packages, from the registry, at the ranges this repository uses. */
const registryPackages = ['lit', '@lit/context', 'xstate', 'react', 'react-dom', 'vite', 'typescript', '@types/react'];

let dir: string;
/** `npx gs-screen-share-server` in the portal, in a process group of its own (npx → sh → node), its output kept. */
let server: { pid: number; output: () => string; port: Promise<number> };
let origin: string;
let browser: Browser;
const installed = (...parts: string[]) => path.join(dir, 'node_modules', ...parts);

function sh(command: string, args: string[], timeout = 300_000): string {
  const r = spawnSync(command, args, { cwd: dir, encoding: 'utf8', timeout, env: { ...process.env, npm_config_cache: path.join(dir, '.npm-cache') } });
  assert.equal(r.status, 0, `${command} ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

before(async () => {
  const { elements, server: serverTarball } = await buildPackages();
  dir = mkdtempSync(path.join(tmpdir(), 'gs-package-'));
  cpSync(consumerSources, dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'portal', private: true, type: 'module' }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', elements, serverTarball, ...registryPackages.map((n) => `${n}@${range(n)}`)]);
  sh(installed('.bin/vite'), ['build', '--logLevel', 'warn']);
  // The plain page and its one script, as a site without a bundler would have them.
  cpSync(path.join(dir, 'cdn.html'), path.join(dir, 'www/cdn.html'));
  cpSync(installed('gs-screen-share/cdn'), path.join(dir, 'www/cdn'), { recursive: true });
  // HOST and tokens unset: the server's safe default, loopback only.
  const env = { HOST: '', JWT_SECRET: '', JWT_PUBLIC_KEY: '', npm_config_cache: path.join(dir, '.npm-cache') };
  const child = spawn('npx', ['--no', '--', 'gs-screen-share-server', '--port', '0', '--static', path.join(dir, 'www'), '--log-level', 'warn'], {
    cwd: dir,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /server on http:\/\/localhost:(\d+)/.exec(out);
      if (m) (clearTimeout(timer), resolve(Number(m[1])));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${out}`)));
  });
  server = { pid: child.pid!, output: () => out, port };
  origin = `http://127.0.0.1:${await port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: chromiumArgs });
});

after(async () => {
  await browser?.close().catch(() => {});
  if (server) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the packages: the elements depend on lit, @lit/context and xstate only; the server runs as JavaScript, without tsx', () => {
  const pkg = JSON.parse(readFileSync(installed('gs-screen-share/package.json'), 'utf8'));
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@lit/context', 'lit', 'xstate']);
  assert.equal(existsSync(installed('tsx')), false, 'nothing in the portal installs tsx');
  assert.equal(existsSync(installed('ws')), true, "the server's own dependencies came with it");
  // Every subpath of the exports map has types, and every path it names (patterns expanded) is shipped.
  for (const [subpath, target] of Object.entries(pkg.exports as Record<string, string | { types: string; default: string }>)) {
    if (typeof target === 'string') {
      assert.ok(existsSync(installed('gs-screen-share', target)), `${subpath} → ${target}`);
      continue;
    }
    const files = [target.types, target.default];
    if (!subpath.includes('*')) for (const f of files) assert.ok(existsSync(installed('gs-screen-share', f)), `${subpath} → ${f}`);
    else assert.ok(readdirSync(installed('gs-screen-share', path.dirname(target.default))).length > 0, subpath);
  }
  // The manifest's paths are the shipped modules.
  const manifest = JSON.parse(readFileSync(installed('gs-screen-share/custom-elements.json'), 'utf8'));
  const paths: string[] = manifest.modules.map((m: { path: string }) => m.path);
  assert.ok(paths.length > 5);
  for (const p of paths) assert.ok(existsSync(installed('gs-screen-share', p)), `manifest path ${p}`);
  // Outside cdn/ the libraries are imported, never inlined: the element's modules import lit by name (the class
  // its decorators, its view the templates), and neither carries lit's own code (its version registries).
  const shipped = (file: string) => readFileSync(installed(`gs-screen-share/dist/elements/gs-screen-share/${file}`), 'utf8');
  const entry = shipped('gs-screen-share.component.js');
  const view = shipped('share-view.js');
  assert.match(entry, /from ['"]lit\/decorators\.js['"]/);
  assert.match(view, /from ['"]lit['"]/);
  for (const source of [entry, view]) assert.doesNotMatch(source, /litHtmlVersions|reactiveElementVersions/);
  assert.ok(existsSync(installed('gs-screen-share/dist/elements/gs-screen-share/gs-screen-share.component.js.map')));
});

test('a strict TypeScript consumer type-checks against the installed declarations; its mistakes are errors', () => {
  const out = spawnSync(installed('.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(out.status, 0, `tsc:\n${out.stdout}${out.stderr}`);
  // The same file with one more mistake fails: the check is real.
  const broken = readFileSync(path.join(dir, 'consumer.ts'), 'utf8') + "\nexport const notACode: string = Code.OK;\n";
  writeFileSync(path.join(dir, 'broken.ts'), broken);
  writeFileSync(path.join(dir, 'tsconfig.broken.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { skipLibCheck: true }, files: ['broken.ts'] }));
  const bad = spawnSync(installed('.bin/tsc'), ['-p', 'tsconfig.broken.json'], { cwd: dir, encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /broken\.ts\(\d+,\d+\): error TS2322/);
});

async function openPage(url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${url}: ${error.message}`));
  await page.goto(url);
  return page;
}

/** Opens the portal page's terminal under `id` and waits until it is online. */
async function terminalPage(id: string): Promise<Page> {
  const page = await openPage(`${origin}/app/index.html?id=${id}`);
  await page.waitForFunction(() => document.querySelector('gs-terminal')?.state === 'online', undefined, { timeout: 15_000 });
  return page;
}

/** Calls and shares from the `<gs-screen-share>` on `page` to terminal `id`; resolves the two results' codes. */
const shareFrom = (page: Page, address: string) =>
  page.evaluate(async (address) => {
    const el = document.querySelector('gs-screen-share')!;
    const called = await el.call(address);
    const shared = called.code === 200 ? await el.beginScreen() : called;
    return [called.code, shared.code];
  }, address);

/** Frames the terminal decodes over a second, after at least one arrived. */
async function decodedFrames(terminal: Page): Promise<number> {
  await until(() => terminalFramesDecoded(terminal), 15_000);
  const first = await terminalFramesDecoded(terminal);
  await new Promise((r) => setTimeout(r, 1000));
  return (await terminalFramesDecoded(terminal)) - first;
}

const litCopies = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown[] | undefined>;
    return { 'lit-html': g.litHtmlVersions?.length ?? 0, 'lit-element': g.litElementVersions?.length ?? 0, 'reactive-element': g.reactiveElementVersions?.length ?? 0 };
  });

test('a Vite build of the portal shares a screen from the packaged sharer to the packaged terminal; one copy of lit', async () => {
  const page = await terminalPage('pkg-vite');
  assert.deepEqual(await litCopies(page), { 'lit-html': 1, 'lit-element': 1, 'reactive-element': 1 });
  const address = await page.evaluate(() => (window as unknown as { portal: { address: string } }).portal.address);
  assert.deepEqual(await shareFrom(page, address), [200, 200]);
  assert.ok((await decodedFrames(page)) > 0, 'the terminal keeps decoding frames');
  assert.equal(await page.evaluate(() => document.querySelector('gs-terminal')!.presenting), true);
  await page.evaluate(() => document.querySelector('gs-screen-share')!.hangUp());
  await page.context().close();
});

test('a plain page that loads only cdn/gs-screen-share.js shares to the terminal; each on-demand chunk is fetched only on its path', async () => {
  const terminal = await terminalPage('pkg-cdn');
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const fetched = () => requests.filter((p) => p !== '/favicon.ico');
  await page.goto(`${origin}/cdn.html`);
  await page.waitForFunction(() => document.querySelector('gs-screen-share')?.shadowRoot?.querySelector('[part~="call-button"]'));
  // First paint: the entry alone; the stats panel is not even defined.
  assert.deepEqual(fetched(), ['/cdn.html', '/cdn/gs-screen-share.js']);
  assert.equal(await page.evaluate(() => customElements.get('gs-share-stats') === undefined), true);
  // A call fetches the answer repair (and applies it: the share works); still no stats panel.
  assert.deepEqual(await shareFrom(page, `ws://${new URL(origin).host}/terminals/pkg-cdn`), [200, 200]);
  assert.ok((await decodedFrames(terminal)) > 0);
  assert.deepEqual(fetched(), ['/cdn.html', '/cdn/gs-screen-share.js', '/cdn/chunks/gs-screen-share/answer-repair.js']);
  assert.equal(await page.evaluate(() => customElements.get('gs-share-stats') === undefined), true);
  // show-stats while presenting: the panel's chunk comes, and the panel draws a sample.
  const figures = await page.evaluate(async () => {
    const el = document.querySelector('gs-screen-share')!;
    el.showStats = true;
    await el.updateComplete;
    const panel = el.shadowRoot!.querySelector('gs-share-stats')!;
    for (let i = 0; i < 100 && !panel.latest; i++) await new Promise((r) => setTimeout(r, 100));
    await panel.updateComplete;
    return panel.shadowRoot?.querySelectorAll('[part~="figure"]').length ?? 0;
  });
  assert.ok(figures > 0, 'the stats panel shows figures');
  assert.deepEqual(fetched(), [
    '/cdn.html',
    '/cdn/gs-screen-share.js',
    '/cdn/chunks/gs-screen-share/answer-repair.js',
    '/cdn/chunks/gs-screen-share/gs-share-stats.js',
  ]);
  assert.equal((await litCopies(page))['lit-html'], 1);
  await page.evaluate(() => document.querySelector('gs-screen-share')!.hangUp());
  await context.close();
  await terminal.context().close();
});

test('the React wrapper renders the element with its props and hears shareScreen', async () => {
  const terminal = await terminalPage('pkg-react');
  const page = await openPage(`${origin}/app/react.html`);
  await page.waitForFunction(() => document.querySelector('gs-screen-share')?.shadowRoot?.querySelector('[part~="call-button"]'));
  assert.equal(await page.evaluate(() => document.querySelector('gs-screen-share')!.userName), 'react_pkg');
  assert.deepEqual(await shareFrom(page, `ws://${new URL(origin).host}/terminals/pkg-react`), [200, 200]);
  const heard = await until(() =>
    page.evaluate(() => {
      const h = (window as unknown as { heard: [string, unknown][] }).heard;
      return h.some(([name]) => name === 'shareScreen') ? h : null;
    }),
  );
  assert.deepEqual(heard!.filter(([name]) => name === 'shareScreen'), [['shareScreen', 200]]);
  assert.ok(heard!.some(([name, state]) => name === 'state-change' && state === 'presenting'));
  assert.ok((await decodedFrames(terminal)) > 0);
  await page.context().close();
  await terminal.context().close();
});

test('the packaged server: an open server listens on loopback only; /healthz and /readyz answer', async () => {
  const port = new URL(origin).port;
  assert.equal((await fetch(`${origin}/healthz`)).status, 200);
  const ready = await fetch(`${origin}/readyz`);
  assert.equal(ready.status, 200);
  assert.equal(((await ready.json()) as { ready: boolean }).ready, true);
  assert.match(server.output(), /server on http:\/\/localhost:\d+/);
  // Listening on 127.0.0.1 only: this machine's own other addresses refuse the port.
  const { networkInterfaces } = await import('node:os');
  const { connect } = await import('node:net');
  const own = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!own) return console.log('no non-loopback interface here: the loopback-only check needs one');
  const refused = await new Promise<string>((resolve) => {
    const socket = connect(Number(port), own.address);
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
  assert.equal(refused, 'ECONNREFUSED', `port ${port} on ${own.address}`);
});
