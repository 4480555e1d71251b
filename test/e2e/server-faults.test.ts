/**
 * Faults seen from the real pages in Debian's Chromium: the terminal vanishing mid-presentation (the sharer reports
 * hangup 302, the server reclaims the line) and SIGTERM on a server process (both pages see the socket go: the
 * sharer reports 302, the terminal goes offline; the process exits 0).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, startHarness, until, type Harness } from './support/harness.js';
import { startServerProcess, withTimeout } from '../unit/server-support.js';

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

/** Records the sharer element's events in `window.seen`. */
async function record(sharer: Page): Promise<void> {
  await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    const seen: { name: string; code?: number }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    for (const name of ['shareScreen', 'hangup', 'error']) el.addEventListener(name, (e) => seen.push({ name, ...(e as CustomEvent).detail }));
  });
}
const seen = (sharer: Page) => sharer.evaluate(() => (window as unknown as { seen: { name: string; code?: number }[] }).seen);
const terminalState = (terminal: Page) => terminal.evaluate(() => document.querySelector('gs-terminal')!.state);
const sharerState = (sharer: Page) => sharer.evaluate(() => document.querySelector('gs-screen-share')!.state);

test('the terminal vanishes mid-presentation: the sharer reports hangup 302 and the server reclaims the line', async () => {
  const h: Harness = await startHarness();
  cleanups.push(() => h.close());
  const terminal = await h.open('/terminal.html?id=e2e-vanish');
  assert.ok(await until(async () => (await terminalState(terminal)) === 'online'));
  const sharer = await h.open('/?id=e2e-vanish');
  await record(sharer);
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
  assert.equal(await sharerState(sharer), 'presenting');
  await h.contexts[0].close(); // the terminal's window goes
  assert.ok(await until(async () => (await seen(sharer)).some((e) => e.name === 'hangup')), 'the sharer hears of it');
  assert.deepEqual((await seen(sharer)).filter((e) => e.name === 'hangup').map((e) => e.code), [302]);
  assert.equal(await sharer.evaluate(() => document.querySelector('gs-screen-share')!.localStream), null, 'capture released');
  assert.ok(await until(async () => h.server.stats().terminals === 0 && h.server.stats().sessions === 0), 'line reclaimed');
});

test('SIGTERM on the server process: the sharer reports 302, the terminal goes offline, the process exits 0', async () => {
  const { child, port } = await startServerProcess();
  cleanups.push(() => child.kill());
  const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: chromiumArgs });
  cleanups.push(() => browser.close());
  const origin = `http://localhost:${port}`;
  const terminal = await (await browser.newContext()).newPage();
  await terminal.goto(`${origin}/terminal.html?id=e2e-sigterm`);
  assert.ok(await until(async () => (await terminalState(terminal)) === 'online'));
  const sharer = await (await browser.newContext()).newPage();
  await sharer.goto(`${origin}/?id=e2e-sigterm`);
  await record(sharer);
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
  child.proc.kill('SIGTERM');
  assert.deepEqual(await withTimeout(child.exited, 'server exit', 10_000), { code: 0, signal: null });
  assert.ok(await until(async () => (await seen(sharer)).some((e) => e.name === 'hangup')), 'the sharer hears of it');
  assert.deepEqual((await seen(sharer)).filter((e) => e.name === 'hangup').map((e) => e.code), [302]);
  assert.ok(await until(async () => (await terminalState(terminal)) === 'offline'), 'the terminal is offline');
});
