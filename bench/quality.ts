/**
 * bench/quality: what the terminal gets at steady state — frame rate and bitrate over 10 s of presenting — and
 * whether the configured max bitrate is honoured.
 *
 *   npm run bench:quality                (builds the demo, then: node --import tsx bench/quality.ts)
 *   node --import tsx bench/quality.ts [--settle 3] [--window 10] [--caps 500,200] [--json]
 *
 * Headless Debian Chromium, loopback, fake capture, the demo pages through the real signalling server
 * (test/e2e/support/harness.ts). Sessions, one after the other:
 *   default           no contentHint, no max bitrate
 *   detail            the sharer's captured track gets contentHint = 'detail' (from page.evaluate, on
 *                     <gs-screen-share>.localStream, right after beginScreen())
 *   cap N             max-bitrate = N kbps (the element's `maxBitrate`, set before call()), for each N of --caps
 *                     (default 500 — the example cap, above what the fake capture needs here — and 200, which binds)
 *   cap N + detail    both, for the last (lowest) cap
 *   cap N + motion    the same with contentHint = 'motion', the opposite trade-off, as a control that the hint
 *                     set this way reaches the encoder at all
 * Each: call() → beginScreen() → first frame at the terminal → --settle s to let bandwidth estimation ramp up →
 * --window s of getStats sampled every second: at the terminal (inbound-rtp: frames decoded, bytes, size, QP,
 * freezes) and at the sharer (outbound-rtp: frames encoded, size, quality limitation, encoder).
 * For the capped sessions it also checks the cap on the wire and in the sender: b=AS:<cap> and b=TIAS:<cap×1000>
 * on the slides m-line of the updateMediaSession offer, and encodings[0].maxBitrate = cap×1000 on the sender.
 */
import type { Page } from 'playwright-core';
import {
  flag,
  machine,
  numberOption,
  sharerPage,
  startBench,
  terminalPage,
  terminalReady,
  waitForQuiet,
  type Bench,
  type TraceEvent,
} from './support.js';

const TERMINAL_ID = 'bench-quality';

interface Inbound {
  timestamp: number;
  framesDecoded: number;
  bytesReceived: number;
  frameWidth?: number;
  frameHeight?: number;
  framesDropped?: number;
  qpSum?: number;
  freezeCount?: number;
  totalFreezesDuration?: number;
  jitterBufferDelay?: number;
  jitterBufferEmittedCount?: number;
  decoderImplementation?: string;
  codec?: string;
}

interface Outbound {
  timestamp: number;
  framesEncoded: number;
  bytesSent: number;
  frameWidth?: number;
  frameHeight?: number;
  framesPerSecond?: number;
  qualityLimitationReason?: string;
  encoderImplementation?: string;
  contentType?: string;
  targetBitrate?: number;
  qpSum?: number;
}

/** Page-side: the video inbound-rtp of the terminal's peer connection (with its codec's mimeType). */
const terminalInbound = `(async () => {
  const pc = document.querySelector('gs-terminal').peerConnection;
  if (!pc) return null;
  const stats = await pc.getStats();
  let found = null;
  stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video' && (!found || s.framesDecoded > found.framesDecoded)) found = s; });
  if (!found) return null;
  const codec = found.codecId ? stats.get(found.codecId) : null;
  return Object.assign({}, found, { codec: codec ? codec.mimeType : undefined });
})()`;

/** Page-side: the sharer's video outbound-rtp that is sending. */
const sharerOutbound = `(async () => {
  const pc = document.querySelector('gs-screen-share').peerConnection;
  if (!pc) return null;
  const stats = await pc.getStats();
  let found = null;
  stats.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video' && (!found || (s.framesEncoded || 0) > (found.framesEncoded || 0))) found = s; });
  return found;
})()`;

/** Page-side: the maxBitrate of the sender that carries the screen. */
const senderMaxBitrate = `(() => {
  const pc = document.querySelector('gs-screen-share').peerConnection;
  const sender = pc && pc.getSenders().find((s) => s.track && s.track.kind === 'video');
  if (!sender) return null;
  const e = sender.getParameters().encodings || [];
  return e.length ? (e[0].maxBitrate ?? null) : null;
})()`;

export interface QualityResult {
  name: string;
  contentHint: string;
  capKbps: number | null;
  seconds: number;
  /** At the terminal, over the window. */
  fps: number;
  kbps: number;
  /** Per-second extremes over the window. */
  fpsMin: number;
  fpsMax: number;
  kbpsMin: number;
  kbpsMax: number;
  size: string;
  avgQp: number | null;
  framesDropped: number;
  freezes: number;
  jitterBufferMs: number | null;
  codec?: string;
  decoder?: string;
  /** At the sharer. */
  encodedFps: number;
  sentKbps: number;
  sentSize: string;
  qualityLimitation?: string;
  encoder?: string;
  contentType?: string;
  /** The cap as it went out: b=AS / b=TIAS of the slides m-line of the updateMediaSession offer, and the sender's maxBitrate. */
  wire?: { bAS: number | null; bTIAS: number | null; senderMaxBitrate: number | null };
  firstFrameMs: number | null;
}

/** b=AS and b=TIAS of the m-line that says a=content:slides, in a frame's SDP. */
function slidesBandwidth(frameText: string | undefined): { bAS: number | null; bTIAS: number | null } {
  if (!frameText) return { bAS: null, bTIAS: null };
  let sdp = '';
  try {
    const frame = JSON.parse(frameText) as Record<string, { sdp?: { data?: string } }>;
    sdp = Object.values(frame)[0]?.sdp?.data ?? '';
  } catch {
    return { bAS: null, bTIAS: null };
  }
  const sections = sdp.split(/\r?\n(?=m=)/);
  const slides = sections.find((m) => m.startsWith('m=video') && /a=content:slides/.test(m)) ?? '';
  const as = /b=AS:(\d+)/.exec(slides);
  const tias = /b=TIAS:(\d+)/.exec(slides);
  return { bAS: as ? Number(as[1]) : null, bTIAS: tias ? Number(tias[1]) : null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function session(
  bench: Bench,
  sharer: Page,
  terminal: Page,
  options: { name: string; contentHint: string; capKbps: number | null; settleS: number; windowS: number },
): Promise<QualityResult> {
  await terminalReady(bench, terminal);
  await waitForQuiet();
  // The cap is a property; let Lit pass it to the session (willUpdate → configure) before calling.
  await sharer.evaluate(`(async () => {
    const el = document.querySelector('gs-screen-share');
    el.maxBitrate = ${options.capKbps ?? 0};
    await el.updateComplete;
  })()`);
  const call = (await sharer.evaluate(sharerPage.call)) as { code: number; message: string };
  if (call.code !== 200) throw new Error(`call() → ${call.code} ${call.message}`);
  await terminal.evaluate(terminalPage.reset);
  const begin = (await sharer.evaluate(sharerPage.beginScreen)) as { t1: number; code: number; message: string; trace: TraceEvent[] };
  if (begin.code !== 200) throw new Error(`beginScreen() → ${begin.code} ${begin.message}`);
  if (options.contentHint) {
    await sharer.evaluate(`document.querySelector('gs-screen-share').localStream.getVideoTracks()[0].contentHint = ${JSON.stringify(options.contentHint)}`);
  }
  const shown = (await terminal.evaluate(terminalPage.firstFrame(15_000))) as { frame: { presented: number } | null };
  const offer = begin.trace.find((e) => e.name === 'ws.out' && e.action === 'updateMediaSession') as (TraceEvent & { text?: string }) | undefined;
  const wire = options.capKbps ? { ...slidesBandwidth(offer?.text), senderMaxBitrate: (await sharer.evaluate(senderMaxBitrate)) as number | null } : undefined;

  await sleep(options.settleS * 1000);
  const inbound: Inbound[] = [];
  const outbound: Outbound[] = [];
  for (let i = 0; i <= options.windowS; i++) {
    const [a, b] = await Promise.all([terminal.evaluate(terminalInbound), sharer.evaluate(sharerOutbound)]);
    if (a) inbound.push(a as Inbound);
    if (b) outbound.push(b as Outbound);
    if (i < options.windowS) await sleep(1000);
  }
  const hangUp = await sharer.evaluate(sharerPage.hangUp);
  if (hangUp !== 200) throw new Error(`hangUp() → ${hangUp}`);
  if (inbound.length < 2 || outbound.length < 2) throw new Error('no video stats at the terminal or the sharer');

  const first = inbound[0];
  const last = inbound[inbound.length - 1];
  const seconds = (last.timestamp - first.timestamp) / 1000;
  const perSecond = inbound.slice(1).map((s, i) => {
    const p = inbound[i];
    const dt = (s.timestamp - p.timestamp) / 1000;
    return { fps: (s.framesDecoded - p.framesDecoded) / dt, kbps: ((s.bytesReceived - p.bytesReceived) * 8) / dt / 1000 };
  });
  const frames = last.framesDecoded - first.framesDecoded;
  const o1 = outbound[0];
  const o2 = outbound[outbound.length - 1];
  const oSeconds = (o2.timestamp - o1.timestamp) / 1000;
  const jbCount = (last.jitterBufferEmittedCount ?? 0) - (first.jitterBufferEmittedCount ?? 0);
  return {
    name: options.name,
    contentHint: options.contentHint || '(none)',
    capKbps: options.capKbps,
    seconds,
    fps: frames / seconds,
    kbps: ((last.bytesReceived - first.bytesReceived) * 8) / seconds / 1000,
    fpsMin: Math.min(...perSecond.map((x) => x.fps)),
    fpsMax: Math.max(...perSecond.map((x) => x.fps)),
    kbpsMin: Math.min(...perSecond.map((x) => x.kbps)),
    kbpsMax: Math.max(...perSecond.map((x) => x.kbps)),
    size: `${last.frameWidth ?? '?'}×${last.frameHeight ?? '?'}`,
    avgQp: last.qpSum !== undefined && first.qpSum !== undefined && frames > 0 ? (last.qpSum - first.qpSum) / frames : null,
    framesDropped: (last.framesDropped ?? 0) - (first.framesDropped ?? 0),
    freezes: (last.freezeCount ?? 0) - (first.freezeCount ?? 0),
    jitterBufferMs: jbCount > 0 ? (((last.jitterBufferDelay ?? 0) - (first.jitterBufferDelay ?? 0)) / jbCount) * 1000 : null,
    codec: last.codec,
    decoder: last.decoderImplementation,
    encodedFps: (o2.framesEncoded - o1.framesEncoded) / oSeconds,
    sentKbps: ((o2.bytesSent - o1.bytesSent) * 8) / oSeconds / 1000,
    sentSize: `${o2.frameWidth ?? '?'}×${o2.frameHeight ?? '?'}`,
    qualityLimitation: o2.qualityLimitationReason,
    encoder: o2.encoderImplementation,
    contentType: o2.contentType,
    wire,
    firstFrameMs: shown.frame ? shown.frame.presented - begin.t1 : null,
  };
}

export interface QualityReport {
  machine: string;
  settleS: number;
  windowS: number;
  capsKbps: number[];
  results: QualityResult[];
  errors: string[];
}

export async function measureQuality(opts: { settleS: number; windowS: number; capsKbps: number[] }, log: (s: string) => void = () => {}): Promise<QualityReport> {
  const bench = await startBench();
  const errors: string[] = [];
  const results: QualityResult[] = [];
  try {
    const terminal = await bench.open(`/terminal.html?id=${TERMINAL_ID}`);
    await terminalReady(bench, terminal);
    const sharer = await bench.open(`/?id=${TERMINAL_ID}`);
    const lowest = opts.capsKbps[opts.capsKbps.length - 1];
    const sessions: { name: string; contentHint: string; capKbps: number | null }[] = [
      { name: 'default', contentHint: '', capKbps: null },
      { name: 'detail', contentHint: 'detail', capKbps: null },
      ...opts.capsKbps.map((cap) => ({ name: `cap ${cap} kbps`, contentHint: '', capKbps: cap })),
      ...(lowest
        ? [
            { name: `cap ${lowest} kbps + detail`, contentHint: 'detail', capKbps: lowest },
            { name: `cap ${lowest} kbps + motion`, contentHint: 'motion', capKbps: lowest },
          ]
        : []),
    ];
    for (const s of sessions) {
      log(`${s.name}: presenting for ${opts.settleS + opts.windowS} s…`);
      try {
        const r = await session(bench, sharer, terminal, { ...s, settleS: opts.settleS, windowS: opts.windowS });
        results.push(r);
        log(`${s.name}: ${r.fps.toFixed(1)} fps, ${Math.round(r.kbps)} kbps, ${r.size}`);
      } catch (error) {
        errors.push(`${s.name}: ${(error as Error).message}`);
        log(`${s.name}: FAILED ${(error as Error).message}`);
        await sharer.evaluate(sharerPage.hangUp).catch(() => {});
      }
    }
    return { machine: await machine(bench), ...opts, results, errors };
  } finally {
    await bench.close();
  }
}

function print(r: QualityReport): void {
  console.log(`\nSteady-state quality at the terminal — ${r.machine}`);
  console.log(`loopback, fake capture; per session: first frame, then ${r.settleS} s to settle, then ${r.windowS} s measured (getStats every second)\n`);
  const rows: string[][] = [
    ['session', 'fps (min–max/s)', 'kbps (min–max/s)', 'size', 'avg QP', 'dropped', 'freezes', 'jitter buf', 'sender: fps, kbps, size, limited by'],
  ];
  for (const x of r.results) {
    rows.push([
      x.name,
      `${x.fps.toFixed(1)} (${x.fpsMin.toFixed(0)}–${x.fpsMax.toFixed(0)})`,
      `${Math.round(x.kbps)} (${Math.round(x.kbpsMin)}–${Math.round(x.kbpsMax)})`,
      x.size,
      x.avgQp === null ? '–' : x.avgQp.toFixed(1),
      String(x.framesDropped),
      String(x.freezes),
      x.jitterBufferMs === null ? '–' : `${x.jitterBufferMs.toFixed(0)} ms`,
      `${x.encodedFps.toFixed(1)}, ${Math.round(x.sentKbps)}, ${x.sentSize}, ${x.qualityLimitation ?? '?'}`,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const any = r.results[0];
  if (any) {
    const parts = [`codec ${any.codec ?? '?'}`, any.encoder && `encoder ${any.encoder}`, any.decoder && `decoder ${any.decoder}`, any.contentType && `sender contentType ${any.contentType}`];
    console.log(`\n${parts.filter(Boolean).join('; ')}`);
  }
  for (const x of r.results.filter((y) => y.wire)) {
    const w = x.wire!;
    const cap = x.capKbps!;
    const okWire = w.bAS === cap && w.bTIAS === cap * 1000;
    const okSender = w.senderMaxBitrate === cap * 1000;
    const okRate = x.kbps <= cap * 1.05;
    console.log(
      `${x.name}: offer b=AS:${w.bAS ?? '–'} b=TIAS:${w.bTIAS ?? '–'} ${okWire ? 'OK' : 'WRONG'}; sender maxBitrate ${w.senderMaxBitrate ?? '–'} ${okSender ? 'OK' : 'WRONG'}; ` +
        `received ${Math.round(x.kbps)} kbps mean, ${Math.round(x.kbpsMax)} kbps max per second → cap ${okRate ? 'honoured' : 'EXCEEDED'} (mean ≤ cap + 5 %)`,
    );
  }
  if (r.errors.length) {
    console.log(`\n${r.errors.length} failed session(s):`);
    for (const e of r.errors) console.log(`  ${e}`);
  }
}

async function main() {
  const capsArg = process.argv.slice(2).find((a, i, all) => all[i - 1] === '--caps' || a.startsWith('--caps='));
  const capsKbps = (capsArg?.replace('--caps=', '') ?? '500,200').split(',').map(Number).filter((n) => n > 0);
  const opts = { settleS: numberOption('settle', 3), windowS: numberOption('window', 10), capsKbps };
  const json = flag('json');
  const report = await measureQuality(opts, json ? () => {} : (line) => console.error(line));
  if (json) console.log(JSON.stringify(report, null, 2));
  else print(report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
