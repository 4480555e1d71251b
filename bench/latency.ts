/**
 * bench/latency: glass-to-glass, how far the terminal's picture lags the sharer's screen, ours against the raw pair.
 *
 *   npm run bench:latency          (builds the demo, then: node --import tsx bench/latency.ts)
 *   node --import tsx bench/latency.ts [--runs 20] [--window-ms 500] [--presets text,balanced,motion]
 *                                      [--codecs vp8,h264] [--json]
 *
 * The screen: Chromium's fake screen capture cannot carry a time, so a canvas stands in for it
 * (bench/page/timecode.js): scrolling text and a moving cursor, redrawn at the preset's frame rate and size, with
 * the time each frame was drawn written into a top stripe as 40 black/white blocks (32 bits of time + a checksum).
 * At the receiving side every frame the <video> presents (requestVideoFrameCallback) is read back from a canvas;
 * latency = the frame's expectedDisplayTime − the time drawn into it. The drawn time is taken just before the canvas
 * frame is handed to the capture, so the figure covers capture, encode, packetise, loopback, jitter buffer, decode
 * and the compositor's display deadline, as a person would see it. rVFC's own captureTime is also printed where
 * Chromium gives one (it does for remote WebRTC frames when abs-capture-time is negotiated; Chromium's default
 * offer does not negotiate it, so it is usually absent, which is why the drawn time code is the measure).
 *
 * In one run, per quality preset and codec (VP8, H.264 forced with setCodecPreferences on the bench pages, not by
 * the product), one after the other:
 *   ours — the demo sharer page's <gs-screen-share> (getDisplayMedia replaced by the time-code canvas, so the
 *          element's own capture options, contentHint and sender tuning apply) through the real signalling server
 *          to the demo terminal page's <gs-terminal>;
 *   raw  — two RTCPeerConnections in one page (bench/page/raw.js rawPair), the same canvas at the same size and
 *          rate, the preset's contentHint, the same forced codec, and the slides sender tuned as the preset tunes
 *          ours (maxBitrate, maxFramerate, degradationPreference, the start bitrate): untuned, the raw encoder starts
 *          at 300 kbps and sends 1080p as 320×180 for seconds, which would compare two different pictures.
 * A run is one window of --window-ms of presented frames in a share that lasts all runs (after 1 s to settle); its
 * figure is the window's median; the table gives min / median / max of the runs. Alongside: the terminal's
 * decoded frame rate, frames dropped and freezes (getStats inbound-rtp framesDecoded, framesDropped, freezeCount)
 * over all windows, while the screen changes every frame. Machine load (/proc/loadavg) is printed with the figures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_QUALITY_PRESET, QUALITY_PRESETS, displayMediaOptions, encodingOf, resolveQuality, type QualityPlan, type QualityPreset } from '../src/session/quality.js';
import { startBitrateKbps } from '../src/session/actors/peer.js';
import {
  benchDir,
  fmtSummary,
  machine,
  numberOption,
  rawScript,
  sharerPage,
  startBench,
  summarise,
  terminalPage,
  terminalReady,
  waitForQuiet,
  type Bench,
  type Summary,
} from './support.js';

export const timecodeScript = path.join(benchDir, 'page/timecode.js');

const stringOption = (name: string, fallback: string) => {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0 && args[i + 1]) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
};

export const CODECS = { vp8: 'video/VP8', h264: 'video/H264' } as const;
export type CodecKey = keyof typeof CODECS;

/** /proc/loadavg's first three figures. */
export const loadavg = (): string => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
};

interface Frame {
  drawn: number;
  expectedDisplay: number;
  presentation: number;
  receive: number | null;
  capture: number | null;
  width: number;
  height: number;
}

interface Inbound {
  framesDecoded?: number;
  framesDropped?: number;
  freezeCount?: number;
  totalFreezesDuration?: number;
  jitterBufferDelay?: number;
  jitterBufferEmittedCount?: number;
  totalDecodeTime?: number;
  frameWidth?: number;
  frameHeight?: number;
  timestamp: number;
}

/** One variant's figures for one preset and codec. */
export interface LatencyRow {
  variant: 'ours' | 'raw';
  preset: QualityPreset;
  codec: CodecKey;
  /** Negotiated codec at the receiver (getStats). */
  mime: string | null;
  /** Per-window medians of expectedDisplayTime − drawn time, ms. */
  latency: Summary | null;
  /** Per-window medians of receiveTime − drawn time, ms (capture + encode + network). */
  toReceive: Summary | null;
  /** Per-window medians of expectedDisplayTime − rVFC captureTime, ms, where Chromium gives captureTime. */
  byCaptureTime: Summary | null;
  framesRead: number;
  unreadable: number;
  size: string;
  fps: number;
  framesDropped: number;
  freezeCount: number;
  freezeMs: number;
  /** Mean time a frame spent in the jitter buffer, ms (getStats jitterBufferDelay / jitterBufferEmittedCount). */
  jitterMs: number | null;
  /** Mean decode time of a frame, ms (totalDecodeTime / framesDecoded). */
  decodeMs: number | null;
  /** /proc/loadavg before the variant's share. */
  load: string;
}

const median = (xs: number[]) => summarise(xs)?.median ?? null;

/** Reads `take()` every `windowMs`, `runs` times, after a settling take. */
async function windows(page: Page, runs: number, windowMs: number) {
  const perWindow: { latency: number | null; toReceive: number | null; byCapture: number | null }[] = [];
  let framesRead = 0;
  let unreadable = 0;
  let size = '';
  for (let r = 0; r < runs; r++) {
    await new Promise((res) => setTimeout(res, windowMs));
    const t = (await page.evaluate('window.__timecode.take()')) as { frames: Frame[]; unreadable: number };
    framesRead += t.frames.length;
    unreadable += t.unreadable;
    if (t.frames.length) size = `${t.frames.at(-1)!.width}×${t.frames.at(-1)!.height}`;
    perWindow.push({
      latency: median(t.frames.map((f) => f.expectedDisplay - f.drawn)),
      toReceive: median(t.frames.filter((f) => f.receive !== null).map((f) => f.receive! - f.drawn)),
      byCapture: median(t.frames.filter((f) => f.capture !== null).map((f) => f.expectedDisplay - f.capture!)),
    });
  }
  return {
    latency: summarise(perWindow.map((w) => w.latency)),
    toReceive: summarise(perWindow.map((w) => w.toReceive)),
    byCaptureTime: summarise(perWindow.map((w) => w.byCapture)),
    framesRead,
    unreadable,
    size,
  };
}

const deltas = (a: Inbound | null, b: Inbound | null) => {
  if (!a || !b) return { fps: 0, framesDropped: 0, freezeCount: 0, freezeMs: 0, jitterMs: null, decodeMs: null };
  const s = (b.timestamp - a.timestamp) / 1000;
  const d = (k: keyof Inbound) => ((b[k] as number | undefined) ?? 0) - ((a[k] as number | undefined) ?? 0);
  const per = (x: number, n: number) => (n > 0 ? Math.round((x / n) * 10000) / 10 : null);
  return {
    jitterMs: per(d('jitterBufferDelay'), d('jitterBufferEmittedCount')),
    decodeMs: per(d('totalDecodeTime'), d('framesDecoded')),
    fps: Math.round((((b.framesDecoded ?? 0) - (a.framesDecoded ?? 0)) / s) * 10) / 10,
    framesDropped: (b.framesDropped ?? 0) - (a.framesDropped ?? 0),
    freezeCount: (b.freezeCount ?? 0) - (a.freezeCount ?? 0),
    freezeMs: Math.round(((b.totalFreezesDuration ?? 0) - (a.totalFreezesDuration ?? 0)) * 1000),
  };
};

const TERMINAL_INBOUND = `(async () => {
  const el = document.querySelector('gs-terminal');
  const pc = el && el.peerConnection;
  if (!pc) return { inbound: null, mime: null };
  const stats = await pc.getStats();
  let best = null;
  stats.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video' && (!best || (s.framesDecoded ?? 0) > (best.framesDecoded ?? 0))) best = s;
  });
  const mime = best && best.codecId ? stats.get(best.codecId)?.mimeType ?? null : null;
  return { inbound: best && JSON.parse(JSON.stringify(best)), mime };
})()`;

/** Opens the pages once: the demo sharer and terminal (time-code screen), and the raw page. */
export async function openLatencyPages(bench: Bench, id: string) {
  const terminal = await bench.open(`/terminal.html?id=${id}`);
  await terminal.addScriptTag({ path: timecodeScript });
  await terminalReady(bench, terminal);
  const sharer = await bench.open(`/?id=${id}`);
  await sharer.addScriptTag({ path: timecodeScript });
  await sharer.evaluate('window.__timecode.replaceScreen()');
  const raw = await bench.open('/healthz');
  await raw.addScriptTag({ path: rawScript });
  await raw.addScriptTag({ path: timecodeScript });
  return { terminal, sharer, raw };
}

/** How far `page`'s clock is from Node's (ms, page − Node), from the round trip with the smallest time. */
export async function clockOffset(page: Page): Promise<{ offset: number; uncertainty: number }> {
  let best = { offset: 0, uncertainty: Infinity };
  for (let i = 0; i < 12; i++) {
    const n0 = performance.timeOrigin + performance.now();
    const p = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
    const n1 = performance.timeOrigin + performance.now();
    if ((n1 - n0) / 2 < best.uncertainty) best = { offset: p - (n0 + n1) / 2, uncertainty: (n1 - n0) / 2 };
  }
  return best;
}

async function runOurs(bench: Bench, pages: Awaited<ReturnType<typeof openLatencyPages>>, preset: QualityPreset, codec: CodecKey, runs: number, windowMs: number): Promise<LatencyRow> {
  const { sharer, terminal } = pages;
  await terminalReady(bench, terminal);
  await sharer.evaluate(`window.__timecode.preferCodec(${JSON.stringify(CODECS[codec])})`);
  await sharer.evaluate(`(async () => { const el = document.querySelector('gs-screen-share'); el.quality = ${JSON.stringify(preset)}; await el.updateComplete; })()`);
  const load = loadavg();
  const call = (await sharer.evaluate(sharerPage.call)) as { code: number; message: string };
  if (call.code !== 200) throw new Error(`call() → ${call.code} ${call.message}`);
  await terminal.evaluate(terminalPage.reset);
  const begin = (await sharer.evaluate(sharerPage.beginScreen)) as { code: number; message: string };
  if (begin.code !== 200) throw new Error(`beginScreen() → ${begin.code} ${begin.message}`);
  const shown = await terminal.evaluate(terminalPage.firstFrame(15_000));
  if (!(shown as { frame: unknown }).frame) throw new Error('no first frame at the terminal');
  await terminal.evaluate(`window.__timecode.watch(document.querySelector('gs-terminal').video)`);
  await new Promise((r) => setTimeout(r, 1000));
  await terminal.evaluate('window.__timecode.take()');
  const a = (await terminal.evaluate(TERMINAL_INBOUND)) as { inbound: Inbound | null };
  const w = await windows(terminal, runs, windowMs);
  const b = (await terminal.evaluate(TERMINAL_INBOUND)) as { inbound: Inbound | null; mime: string | null };
  const hangUp = await sharer.evaluate(sharerPage.hangUp);
  if (hangUp !== 200) throw new Error(`hangUp() → ${hangUp}`);
  return { variant: 'ours', preset, codec, mime: b.mime, ...w, ...deltas(a.inbound, b.inbound), load };
}

/** The sender tuning our preset applies (media-tuning.ts tuneSlides, peer.ts start bitrate), for the raw pair. */
export const rawTuning = (plan: QualityPlan) => ({
  encoding: encodingOf(plan, plan.maxWidth, plan.maxHeight),
  degradationPreference: plan.degradationPreference,
  startBitrateKbps: startBitrateKbps(plan, undefined),
});

async function runRaw(raw: Page, preset: QualityPreset, codec: CodecKey, runs: number, windowMs: number): Promise<LatencyRow> {
  const plan = resolveQuality({ preset });
  await raw.evaluate(`window.__timecode.preferCodec(${JSON.stringify(CODECS[codec])})`);
  const load = loadavg();
  const options = { capture: 'timecode', displayMedia: displayMediaOptions(plan), contentHint: plan.contentHint, watch: true, tuning: rawTuning(plan) };
  const started = (await raw.evaluate(`window.rawPair.start(${JSON.stringify(options)})`)) as { firstFrame: unknown };
  if (!started.firstFrame) throw new Error('raw: no first frame');
  await new Promise((r) => setTimeout(r, 1000));
  await raw.evaluate('window.__timecode.take()');
  const a = (await raw.evaluate('window.rawPair.inbound()')) as Inbound | null;
  const w = await windows(raw, runs, windowMs);
  const b = (await raw.evaluate('window.rawPair.inbound()')) as Inbound | null;
  const mime = (await raw.evaluate('window.rawPair.codec()')) as string | null;
  await raw.evaluate('window.rawPair.stop()');
  return { variant: 'raw', preset, codec, mime, ...w, ...deltas(a, b), load };
}

export interface LatencyReport {
  machine: string;
  runs: number;
  windowMs: number;
  clockSkew: { ms: number; uncertainty: number };
  rows: LatencyRow[];
  errors: string[];
  loadBefore: string;
  loadAfter: string;
}

export async function measureLatency(opts: { runs: number; windowMs: number; presets: QualityPreset[]; codecs: CodecKey[] }, log: (line: string) => void): Promise<LatencyReport> {
  const bench = await startBench();
  const loadBefore = loadavg();
  const errors: string[] = [];
  const rows: LatencyRow[] = [];
  try {
    const pages = await openLatencyPages(bench, 'bench-latency');
    const s = await clockOffset(pages.sharer);
    const t = await clockOffset(pages.terminal);
    const clockSkew = { ms: t.offset - s.offset, uncertainty: s.uncertainty + t.uncertainty };
    for (const codec of opts.codecs) {
      for (const preset of opts.presets) {
        for (const variant of ['ours', 'raw'] as const) {
          await waitForQuiet();
          try {
            const row =
              variant === 'ours'
                ? await runOurs(bench, pages, preset, codec, opts.runs, opts.windowMs)
                : await runRaw(pages.raw, preset, codec, opts.runs, opts.windowMs);
            rows.push(row);
            log(`${codec} ${preset} ${variant}: ${fmtSummary(row.latency)} ms (${row.mime}, ${row.size}, ${row.framesRead} frames, load ${row.load})`);
          } catch (error) {
            errors.push(`${codec} ${preset} ${variant}: ${(error as Error).message}`);
            log(`${codec} ${preset} ${variant}: FAILED ${(error as Error).message}`);
            await pages.sharer.evaluate(sharerPage.hangUp).catch(() => {});
            await pages.raw.evaluate('window.rawPair.stop()').catch(() => {});
          }
        }
      }
    }
    return { machine: await machine(bench), runs: opts.runs, windowMs: opts.windowMs, clockSkew, rows, errors, loadBefore, loadAfter: loadavg() };
  } finally {
    await bench.close();
  }
}

function print(r: LatencyReport): void {
  const GOAL = 1.1;
  console.log(`\nGlass-to-glass — ${r.machine}`);
  console.log(
    `time-code canvas as the screen; ${r.runs} runs of ${r.windowMs} ms each per row; ms as min / median / max of the runs' medians; ` +
      `load ${r.loadBefore} → ${r.loadAfter} (/proc/loadavg); terminal − sharer page clock ${r.clockSkew.ms.toFixed(2)} ± ${r.clockSkew.uncertainty.toFixed(2)} ms\n`,
  );
  const rows: string[][] = [['codec', 'preset', 'variant', 'drawn → displayed', 'ours/raw', 'drawn → received', 'jitter buffer', 'decode', 'rVFC captureTime → displayed', 'size', 'fps', 'dropped', 'freezes', 'frames (unreadable)', 'load']];
  for (const row of r.rows) {
    const raw = r.rows.find((x) => x.variant === 'raw' && x.preset === row.preset && x.codec === row.codec);
    const ratio = row.variant === 'ours' && raw?.latency && row.latency ? row.latency.median / raw.latency.median : null;
    rows.push([
      row.mime ?? row.codec,
      row.preset,
      row.variant,
      fmtSummary(row.latency),
      ratio === null ? '' : `${ratio.toFixed(2)} ${ratio <= GOAL ? 'OK' : 'OVER'}`,
      fmtSummary(row.toReceive),
      row.jitterMs === null ? '–' : `${row.jitterMs}`,
      row.decodeMs === null ? '–' : `${row.decodeMs}`,
      fmtSummary(row.byCaptureTime),
      row.size,
      `${row.fps} (${QUALITY_PRESETS[row.preset].maxFps})`,
      String(row.framesDropped),
      `${row.freezeCount} (${row.freezeMs} ms)`,
      `${row.framesRead} (${row.unreadable})`,
      row.load,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(`\nours/raw = ratio of the medians; goal ≤ ${GOAL}. fps = frames decoded per second at the receiver over all windows (the preset's maximum in brackets).`);
  if (r.errors.length) {
    console.log(`\n${r.errors.length} failed:`);
    for (const e of r.errors) console.log(`  ${e}`);
  }
}

async function main() {
  const runs = numberOption('runs', 20);
  const windowMs = numberOption('window-ms', 500);
  const presets = stringOption('presets', Object.keys(QUALITY_PRESETS).join(',')).split(',') as QualityPreset[];
  const codecs = stringOption('codecs', 'vp8,h264').split(',') as CodecKey[];
  for (const p of presets) if (!(p in QUALITY_PRESETS)) throw new Error(`unknown preset ${p} (default ${DEFAULT_QUALITY_PRESET})`);
  for (const c of codecs) if (!(c in CODECS)) throw new Error(`unknown codec ${c}: vp8 or h264`);
  const json = process.argv.includes('--json');
  const report = await measureLatency({ runs, windowMs, presets, codecs }, json ? () => {} : (line) => console.error(line));
  if (json) console.log(JSON.stringify(report, null, 2));
  else print(report);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(benchDir, 'latency.ts')) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
