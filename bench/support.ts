/**
 * What the browser benches share: the e2e harness (the real signalling server serving the built demo, Debian's
 * Chromium with fake capture; test/e2e/support/harness.ts), pages opened with bench/page/instrument.js installed
 * before their own scripts, the demo's sharer and terminal driven from Node, and min/median/max.
 *
 * Page-side code is passed as strings: tsx compiles this file with keepNames, whose `__name(…)` helper would not
 * exist inside the page if a function with inner named functions were handed to page.evaluate.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { demoDir, startHarness, until, type Harness } from '../test/e2e/support/harness.js';
import type { ServerOptions } from '../src/server/server.js';

export { until };
export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const instrumentScript = path.join(benchDir, 'page/instrument.js');
export const rawScript = path.join(benchDir, 'page/raw.js');

export interface Bench {
  h: Harness;
  /** Opens `pathname` in a fresh context (window) with the instrumentation installed first. */
  open(pathname: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startBench(options: ServerOptions = {}): Promise<Bench> {
  if (!existsSync(path.join(demoDir, 'index.html'))) throw new Error(`no built demo in ${demoDir}: run npm run build first`);
  const h = await startHarness(options);
  return {
    h,
    async open(pathname) {
      const context = await h.browser.newContext({ viewport: { width: 1100, height: 900 } });
      h.contexts.push(context);
      await context.addInitScript({ path: instrumentScript });
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[page error] ${pathname}: ${error.message}`));
      await page.goto(h.origin + pathname);
      return page;
    },
    close: () => h.close(),
  };
}

export interface TraceEvent {
  t: number;
  name: string;
  action?: string;
  state?: string;
  pc?: number;
  candidate?: string | null;
  presentedFrames?: number;
}

/** The first event of `trace` at or after `from` that matches. */
export function at(trace: TraceEvent[], match: (e: TraceEvent) => boolean, from = -Infinity): number | null {
  return trace.find((e) => e.t >= from && match(e))?.t ?? null;
}

export const wsOut = (action: string) => (e: TraceEvent) => e.name === 'ws.out' && e.action === action;
export const wsIn = (action: string) => (e: TraceEvent) => e.name === 'ws.in' && e.action === action;
export const named = (name: string, state?: string) => (e: TraceEvent) => e.name === name && (state === undefined || e.state === state);

export interface Summary {
  n: number;
  min: number;
  median: number;
  max: number;
}

export function summarise(values: (number | null | undefined)[]): Summary | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { n: v.length, min: v[0], median, max: v[v.length - 1] };
}

export const ms = (x: number | null | undefined, digits = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–');
export const fmtSummary = (s: Summary | null, digits = 1) =>
  s ? `${ms(s.min, digits)} / ${ms(s.median, digits)} / ${ms(s.max, digits)}` : '–';

/** A number option `--name N` (or `--name=N`) from argv, else `fallback`. */
export function numberOption(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}` && args[i + 1] !== undefined) return Number(args[i + 1]);
    if (args[i].startsWith(`--${name}=`)) return Number(args[i].slice(name.length + 3));
  }
  return fallback;
}

export const flag = (name: string) => process.argv.slice(2).includes(`--${name}`);

/** The machine and browser, for the report. */
export async function machine(bench: Bench): Promise<string> {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  cpu = cpu.replace(/\s+/g, ' ').trim();
  let chromium = bench.h.browser.version();
  try {
    chromium = execFileSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* keep playwright's version */
  }
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; ${chromium} headless`;
}

/** The sharer demo page's element, driven from Node. */
export const sharerPage = {
  /** call() from the page: t0 just before, `connected` when its RTCPeerConnection says connected. */
  call: `(async () => {
    const b = window.__bench;
    b.reset();
    const el = document.querySelector('gs-screen-share');
    const t0 = b.clock();
    const result = el.call();
    // The peer connection is made a few ms after call() (once the session starts), not within it: wait for it.
    let pc = el.peerConnection;
    for (let i = 0; !pc && i < 500; i++) pc = await new Promise((r) => setTimeout(() => r(el.peerConnection), 2));
    const connected = await new Promise((resolve) => {
      if (!pc) return resolve(null);
      const check = () => {
        if (pc.connectionState === 'connected') resolve(b.clock());
        else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') resolve(null);
      };
      pc.addEventListener('connectionstatechange', check);
      result.then((r) => r.code !== 200 && resolve(null));
      check();
    });
    const r = await result;
    return { t0, connected, resolved: b.clock(), code: r.code, message: r.message, trace: b.trace.slice() };
  })()`,
  /** beginScreen() from the page: t1 just before, `resolved` when its promise settles. */
  beginScreen: `(async () => {
    const b = window.__bench;
    b.reset();
    const el = document.querySelector('gs-screen-share');
    const t1 = b.clock();
    const r = await el.beginScreen();
    return { t1, resolved: b.clock(), code: r.code, message: r.message, trace: b.trace.slice() };
  })()`,
  hangUp: `document.querySelector('gs-screen-share').hangUp().then((r) => r.code)`,
  state: `document.querySelector('gs-screen-share').state`,
};

export const terminalPage = {
  state: `document.querySelector('gs-terminal').state`,
  reset: `window.__bench.reset()`,
  trace: `window.__bench.trace.slice()`,
  firstFrame: (timeoutMs: number) =>
    `window.__bench.waitFirstFrame(${timeoutMs}).then((frame) => ({ frame, trace: window.__bench.trace.slice() }))`,
};

/** Waits until the terminal page is registered and free, and the server holds no session. */
export async function terminalReady(bench: Bench, terminal: Page): Promise<void> {
  const ok = await until(async () => (await terminal.evaluate(terminalPage.state)) === 'online' && bench.h.server.stats().sessions === 0, 10_000, 20);
  if (!ok) throw new Error('the terminal did not come back online');
}

/** Busy share of all CPUs over `windowMs` (from /proc/stat; null where there is none). */
export async function cpuBusy(windowMs = 250): Promise<number | null> {
  const read = () => {
    try {
      const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      const idle = fields[3] + (fields[4] ?? 0);
      return { idle, total: fields.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  await new Promise((r) => setTimeout(r, windowMs));
  const b = read();
  if (!a || !b || b.total === a.total) return null;
  return 1 - (b.idle - a.idle) / (b.total - a.total);
}

/**
 * Waits (up to `maxWaitMs`) until the machine is mostly idle between runs — other work on a 2-core machine
 * skews a run — and returns the busy share it last saw (null: unknown).
 */
export async function waitForQuiet(threshold = 0.35, maxWaitMs = 20_000): Promise<number | null> {
  const end = Date.now() + maxWaitMs;
  let busy = await cpuBusy();
  while (busy !== null && busy > threshold && Date.now() < end) busy = await cpuBusy();
  return busy;
}
