/**
 * bench/latency: glass-to-glass, how far the terminal's picture lags the sharer's screen, ours against the raw pair.
 *
 *   npm run bench:latency          (builds the demo, then: node --import tsx bench/latency.ts)
 *   node --import tsx bench/latency.ts [--runs 20] [--settle-ms 1000] [--window-ms 600]
 *                                      [--presets text,balanced,motion] [--codecs vp8,h264] [--topology two-pages,one-page] [--json]
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
 *          to the demo terminal page's <gs-terminal> with the browser's own answer (`?answer=browser`: a GVC3220's
 *          answer takes no VP8 and caps video at b=AS 2048);
 *   ours, one page — the same, with the demo terminal's <gs-terminal> in the sharer's page (bench/one-page.ts):
 *          the raw pair's topology, one renderer encoding and decoding, still through the real server;
 *   raw  — two RTCPeerConnections in one page (bench/page/raw.js rawPair), the same canvas at the same size and
 *          rate, the preset's contentHint, the same forced codec, and the slides sender tuned as the preset tunes
 *          ours (maxBitrate, maxFramerate, degradationPreference, the start bitrate): untuned, the raw encoder starts
 *          at 300 kbps and sends 1080p as 320×180 for seconds, which would compare two different pictures; with
 *          H.264, capped to the 1280×720 of the level Chromium's answer states, as ours is (rawPlan).
 * A run is one share of ours then one share of raw (ABAB…: load from elsewhere on the machine hits both alike), each
 * --settle-ms after its first frame and then a window of --window-ms of presented frames; a share's figure is its
 * window's median. Per row: min / median / max of the runs, and ours/raw as the median of the per-run ratios with
 * its quartiles and extremes. Alongside: the terminal's decoded frame rate, frames dropped and freezes (getStats
 * inbound-rtp framesDecoded, framesDropped, freezeCount)
 * over the windows, while the screen changes every frame. /proc/loadavg is taken before each share and printed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { LEVEL_SIZES } from '../src/protocol/device-capability.js';
import { DEFAULT_QUALITY_PRESET, QUALITY_PRESETS, capByDevice, displayMediaOptions, encodingOf, resolveQuality, type QualityPlan, type QualityPreset } from '../src/session/quality.js';
import { startBitrateKbps } from '../src/session/actors/peer.js';
import { openOnePage, terminalFirstFrame } from './one-page.js';
import {
  benchDir,
  fmtSummary,
  machine,
  ms,
  numberOption,
  rawScript,
  sharerPage,
  startBench,
  summarise,
  terminalPage,
  terminalReady,
  type Bench,
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
/** Ours in its two topologies (--topology two-pages,one-page), and the raw pair. */
export const OURS_VARIANTS = { 'two-pages': 'ours', 'one-page': 'ours, one page' } as const;
export type Variant = (typeof OURS_VARIANTS)[keyof typeof OURS_VARIANTS] | 'raw';
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

/** One share of one variant (one run): a window of presented frames and the receiver's counters over it. */
export interface LatencySample {
  /** 'ours' (sharer and terminal in two pages), 'ours, one page' (both in one, as raw: bench/one-page.ts), 'raw'. */
  variant: Variant;
  preset: QualityPreset;
  codec: CodecKey;
  run: number;
  /** Negotiated codec at the receiver (getStats). */
  mime: string | null;
  /** Median over the window of expectedDisplayTime − drawn time, ms. */
  latency: number | null;
  /** Median of receiveTime − drawn time, ms (capture + encode + network). */
  toReceive: number | null;
  /** Median of expectedDisplayTime − rVFC captureTime, ms, where Chromium gives captureTime. */
  byCapture: number | null;
  framesRead: number;
  unreadable: number;
  size: string;
  /** Frames decoded per second at the receiver over the window. */
  fps: number;
  framesDropped: number;
  freezeCount: number;
  freezeMs: number;
  /** Mean time a frame spent in the jitter buffer, ms (getStats jitterBufferDelay / jitterBufferEmittedCount). */
  jitterMs: number | null;
  /** Mean decode time of a frame, ms (totalDecodeTime / framesDecoded). */
  decodeMs: number | null;
  /** /proc/loadavg (1, 5, 15 min) just before the share. */
  load: string;
}

const median = (xs: number[]) => summarise(xs)?.median ?? null;

/** One window of `windowMs` of presented frames (after a take() that drops what came before). */
async function windowOf(page: Page, windowMs: number) {
  await page.evaluate('window.__timecode.take()');
  await new Promise((res) => setTimeout(res, windowMs));
  const t = (await page.evaluate('window.__timecode.take()')) as { frames: Frame[]; unreadable: number };
  return {
    latency: median(t.frames.map((f) => f.expectedDisplay - f.drawn)),
    toReceive: median(t.frames.filter((f) => f.receive !== null).map((f) => f.receive! - f.drawn)),
    byCapture: median(t.frames.filter((f) => f.capture !== null).map((f) => f.expectedDisplay - f.capture!)),
    framesRead: t.frames.length,
    unreadable: t.unreadable,
    size: t.frames.length ? `${t.frames.at(-1)!.width}×${t.frames.at(-1)!.height}` : '',
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
  // The browser's own answer (not a GVC3220's, whose b=AS 2048 would cap the presets and which takes no VP8), so that
  // ours and raw carry the same codec at the same bitrate.
  const terminal = await bench.open(`/terminal.html?id=${id}&answer=browser`);
  await terminal.addScriptTag({ path: timecodeScript });
  await terminalReady(bench, terminal);
  const sharer = await bench.open(`/?id=${id}`);
  await sharer.addScriptTag({ path: timecodeScript });
  await sharer.evaluate('window.__timecode.replaceScreen()');
  const raw = await bench.open('/healthz');
  await raw.addScriptTag({ path: rawScript });
  await raw.addScriptTag({ path: timecodeScript });
  const onePage = await openOnePage(bench, `${id}-1p`);
  await onePage.addScriptTag({ path: timecodeScript });
  await onePage.evaluate('window.__timecode.replaceScreen()');
  return { terminal, sharer, raw, onePage };
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

/** Options of one share: the preset and codec, how long it settles and how long its window is (ms). */
interface ShareOptions {
  preset: QualityPreset;
  codec: CodecKey;
  run: number;
  settleMs: number;
  windowMs: number;
}

/** One share of ours from `sharer` to `terminal` (the same page for 'ours, one page'). */
async function shareOurs(bench: Bench, variant: Variant, sharer: Page, terminal: Page, o: ShareOptions): Promise<LatencySample> {
  await terminalReady(bench, terminal);
  await sharer.evaluate(`window.__timecode.preferCodec(${JSON.stringify(CODECS[o.codec])})`);
  await sharer.evaluate(`(async () => { const el = document.querySelector('gs-screen-share'); el.quality = ${JSON.stringify(o.preset)}; await el.updateComplete; })()`);
  const load = loadavg();
  const call = (await sharer.evaluate(sharerPage.call)) as { code: number; message: string };
  if (call.code !== 200) throw new Error(`call() → ${call.code} ${call.message}`);
  try {
    await terminal.evaluate(terminalPage.reset);
    const begin = (await sharer.evaluate(sharerPage.beginScreen)) as { code: number; message: string };
    if (begin.code !== 200) throw new Error(`beginScreen() → ${begin.code} ${begin.message}`);
    if ((await terminal.evaluate(terminalFirstFrame(15_000))) === null) throw new Error('no first frame at the terminal');
    await terminal.evaluate(`window.__timecode.watch(document.querySelector('gs-terminal').video)`);
    await new Promise((r) => setTimeout(r, o.settleMs));
    const a = (await terminal.evaluate(TERMINAL_INBOUND)) as { inbound: Inbound | null };
    const w = await windowOf(terminal, o.windowMs);
    const b = (await terminal.evaluate(TERMINAL_INBOUND)) as { inbound: Inbound | null; mime: string | null };
    return { variant, preset: o.preset, codec: o.codec, run: o.run, mime: b.mime, ...w, ...deltas(a.inbound, b.inbound), load };
  } finally {
    const hangUp = await sharer.evaluate(sharerPage.hangUp);
    if (hangUp !== 200) throw new Error(`hangUp() → ${hangUp}`);
  }
}

/** The sender tuning our preset applies (media-tuning.ts tuneSlides, peer.ts start bitrate), for the raw pair. */
export const rawTuning = (plan: QualityPlan) => ({
  encoding: encodingOf(plan, plan.maxWidth, plan.maxHeight),
  degradationPreference: plan.degradationPreference,
  startBitrateKbps: startBitrateKbps(plan, undefined),
});

/**
 * The plan the raw pair is tuned to for `preset` and `codec`. With H.264, ours honours the level the answer states
 * (peer.ts deviceCapability → capByDevice): Chromium answers profile-level-id 42e01f, level 3.1, at most 1280×720,
 * so ours sends the 1080p presets at 720p. The raw pair, which ignores the level, is capped the same, so that both
 * send the same picture.
 */
export function rawPlan(preset: QualityPreset, codec: CodecKey): QualityPlan {
  const plan = resolveQuality({ preset });
  if (codec !== 'h264') return plan;
  const [width, height] = LEVEL_SIZES['1f'];
  return capByDevice(plan, { level: '1f', width, height });
}

async function shareRaw(raw: Page, o: ShareOptions): Promise<LatencySample> {
  const plan = rawPlan(o.preset, o.codec);
  await raw.evaluate(`window.__timecode.preferCodec(${JSON.stringify(CODECS[o.codec])})`);
  const load = loadavg();
  const options = { capture: 'timecode', displayMedia: displayMediaOptions(plan), contentHint: plan.contentHint, watch: true, tuning: rawTuning(plan) };
  try {
    const started = (await raw.evaluate(`window.rawPair.start(${JSON.stringify(options)})`)) as { firstFrame: unknown };
    if (!started.firstFrame) throw new Error('raw: no first frame');
    await new Promise((r) => setTimeout(r, o.settleMs));
    const a = (await raw.evaluate('window.rawPair.inbound()')) as Inbound | null;
    const w = await windowOf(raw, o.windowMs);
    const b = (await raw.evaluate('window.rawPair.inbound()')) as Inbound | null;
    const mime = (await raw.evaluate('window.rawPair.codec()')) as string | null;
    return { variant: 'raw', preset: o.preset, codec: o.codec, run: o.run, mime, ...w, ...deltas(a, b), load };
  } finally {
    await raw.evaluate('window.rawPair.stop()');
  }
}

export interface LatencyReport {
  machine: string;
  runs: number;
  settleMs: number;
  windowMs: number;
  clockSkew: { ms: number; uncertainty: number };
  samples: LatencySample[];
  errors: string[];
  loadBefore: string;
  loadAfter: string;
}

/**
 * Per preset and codec, `runs` runs, each one share of ours then one of raw (ABAB…), so that load from elsewhere
 * on the machine hits both alike; a run whose either share failed is left out of the ratios.
 */
export async function measureLatency(opts: { runs: number; settleMs: number; windowMs: number; presets: QualityPreset[]; codecs: CodecKey[]; ours: Variant[] }, log: (line: string) => void): Promise<LatencyReport> {
  const bench = await startBench();
  const loadBefore = loadavg();
  const errors: string[] = [];
  const samples: LatencySample[] = [];
  try {
    const pages = await openLatencyPages(bench, 'bench-latency');
    const s = await clockOffset(pages.sharer);
    const t = await clockOffset(pages.terminal);
    const clockSkew = { ms: t.offset - s.offset, uncertainty: s.uncertainty + t.uncertainty };
    for (const codec of opts.codecs) {
      for (const preset of opts.presets) {
        for (let run = 1; run <= opts.runs; run++) {
          const line: string[] = [];
          for (const variant of [...opts.ours, 'raw'] as const) {
            const o = { preset, codec, run, settleMs: opts.settleMs, windowMs: opts.windowMs };
            try {
              const sample =
                variant === 'raw'
                  ? await shareRaw(pages.raw, o)
                  : variant === 'ours'
                    ? await shareOurs(bench, variant, pages.sharer, pages.terminal, o)
                    : await shareOurs(bench, variant, pages.onePage, pages.onePage, o);
              samples.push(sample);
              line.push(`${variant} ${ms(sample.latency)} ms ${sample.fps} fps (load ${sample.load})`);
            } catch (error) {
              errors.push(`${codec} ${preset} run ${run} ${variant}: ${(error as Error).message}`);
              line.push(`${variant} FAILED ${(error as Error).message}`);
              await pages.sharer.evaluate(sharerPage.hangUp).catch(() => {});
              await pages.onePage.evaluate(sharerPage.hangUp).catch(() => {});
              await pages.raw.evaluate('window.rawPair.stop()').catch(() => {});
            }
          }
          log(`${codec} ${preset} run ${run}/${opts.runs}: ${line.join('; ')}`);
        }
      }
    }
    return { machine: await machine(bench), runs: opts.runs, settleMs: opts.settleMs, windowMs: opts.windowMs, clockSkew, samples, errors, loadBefore, loadAfter: loadavg() };
  } finally {
    await bench.close();
  }
}

/** Quartiles of `xs` as "median [p25–p75] (min–max)". */
export function spread(xs: (number | null)[], digits = 2): string {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return '–';
  const q = (p: number) => {
    const i = (v.length - 1) * p;
    const lo = Math.floor(i);
    return v[lo] + (v[Math.ceil(i)] - v[lo]) * (i - lo);
  };
  return `${q(0.5).toFixed(digits)} [${q(0.25).toFixed(digits)}–${q(0.75).toFixed(digits)}] (${v[0].toFixed(digits)}–${v.at(-1)!.toFixed(digits)})`;
}

/** The 1-minute load averages of `loads` ("a b c" strings) as min–max. */
export const loadRange = (loads: string[]) => {
  const v = loads.map((l) => Number(l.split(' ')[0])).filter(Number.isFinite);
  return v.length ? `${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)}` : '–';
};

function print(r: LatencyReport, presets: QualityPreset[], codecs: CodecKey[]): void {
  const GOAL = 1.1;
  console.log(`\nGlass-to-glass — ${r.machine}`);
  console.log(
    `time-code canvas as the screen; ${r.runs} runs per row, each one share of ours then one of raw (ABAB…), ${r.settleMs} ms to settle then a ${r.windowMs} ms window; ` +
      `load ${r.loadBefore} → ${r.loadAfter} (/proc/loadavg); terminal − sharer page clock ${r.clockSkew.ms.toFixed(2)} ± ${r.clockSkew.uncertainty.toFixed(2)} ms\n`,
  );
  const rows: string[][] = [
    ['codec', 'preset', 'ours: drawn → displayed', 'raw', 'ours/raw per run: median [p25–p75] (min–max)', 'ours: drawn → received', 'raw', 'ours: jitter buffer / decode', 'raw', 'ours: fps / dropped / freezes', 'raw', 'size: ours / raw', 'load (1 min)'],
  ];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  for (const codec of codecs) {
    for (const preset of presets) for (const variant of Object.values(OURS_VARIANTS)) {
      const of = (v: Variant) => r.samples.filter((x) => x.variant === v && x.codec === codec && x.preset === preset);
      const ours = of(variant);
      const raw = of('raw');
      if (!ours.length) continue;
      const ratios = ours.map((o) => {
        const w = raw.find((x) => x.run === o.run);
        return w?.latency && o.latency !== null ? o.latency / w.latency : null;
      });
      const mid = ratios.filter((x): x is number => x !== null).sort((a, b) => a - b);
      const m = mid.length ? (mid.length % 2 ? mid[(mid.length - 1) / 2] : (mid[mid.length / 2 - 1] + mid[mid.length / 2]) / 2) : null;
      const jd = (list: LatencySample[]) => `${ms(median(list.map((x) => x.jitterMs ?? NaN)))} / ${ms(median(list.map((x) => x.decodeMs ?? NaN)))}`;
      const fdf = (list: LatencySample[]) =>
        `${ms(median(list.map((x) => x.fps)))} (${QUALITY_PRESETS[preset].maxFps}) / ${sum(list.map((x) => x.framesDropped))} / ${sum(list.map((x) => x.freezeCount))} (${sum(list.map((x) => x.freezeMs))} ms)`;
      rows.push([
        ours[0]?.mime ?? raw[0]?.mime ?? codec,
        variant === 'ours' ? preset : `${preset}, ${variant}`,
        fmtSummary(summarise(ours.map((x) => x.latency))),
        fmtSummary(summarise(raw.map((x) => x.latency))),
        `${spread(ratios)}${m === null ? '' : m <= GOAL ? ' OK' : ' OVER'}`,
        ms(median(ours.map((x) => x.toReceive ?? NaN))),
        ms(median(raw.map((x) => x.toReceive ?? NaN))),
        jd(ours),
        jd(raw),
        fdf(ours),
        fdf(raw),
        `${ours.at(-1)?.size ?? '–'} / ${raw.at(-1)?.size ?? '–'}`,
        loadRange([...ours, ...raw].map((x) => x.load)),
      ]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(
    `\nms as min / median / max of the runs' window medians; ours/raw = median of the per-run ratios (each run's ours against the raw share right after it); goal ≤ ${GOAL}.` +
      `\nfps = median of the runs' frames decoded per second at the receiver over the window (the preset's maximum in brackets); dropped and freezes (getStats framesDropped, freezeCount) summed over all windows.`,
  );
  if (r.errors.length) {
    console.log(`\n${r.errors.length} failed:`);
    for (const e of r.errors) console.log(`  ${e}`);
  }
}

async function main() {
  const runs = numberOption('runs', 20);
  const settleMs = numberOption('settle-ms', 1000);
  const windowMs = numberOption('window-ms', 600);
  const presets = stringOption('presets', Object.keys(QUALITY_PRESETS).join(',')).split(',') as QualityPreset[];
  const codecs = stringOption('codecs', 'vp8,h264').split(',') as CodecKey[];
  for (const p of presets) if (!(p in QUALITY_PRESETS)) throw new Error(`unknown preset ${p} (default ${DEFAULT_QUALITY_PRESET})`);
  for (const c of codecs) if (!(c in CODECS)) throw new Error(`unknown codec ${c}: vp8 or h264`);
  const topologies = stringOption('topology', Object.keys(OURS_VARIANTS).join(',')).split(',');
  for (const t of topologies) if (!(t in OURS_VARIANTS)) throw new Error(`unknown topology ${t}: ${Object.keys(OURS_VARIANTS).join(' or ')}`);
  const ours = topologies.map((t) => OURS_VARIANTS[t as keyof typeof OURS_VARIANTS]);
  const json = process.argv.includes('--json');
  const report = await measureLatency({ runs, settleMs, windowMs, presets, codecs, ours }, json ? () => {} : (line) => console.error(line));
  if (json) console.log(JSON.stringify(report, null, 2));
  else print(report, presets, codecs);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(benchDir, 'latency.ts')) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
