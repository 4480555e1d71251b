/**
 * bench/first-frame: how fast a call connects and a shared screen shows, ours against hand-written WebRTC.
 *
 *   npm run bench:first-frame            (builds the demo, then: node --import tsx bench/first-frame.ts)
 *   node --import tsx bench/first-frame.ts [--runs 20] [--turn] [--json]
 *
 * Headless Debian Chromium, loopback, fake capture (test/e2e/support/harness.ts), one browser, and in one run,
 * interleaved run by run so that both see the same machine:
 *   (a) ours: the demo sharer page's <gs-screen-share> through the real signalling server to the demo terminal page:
 *       call()        → the element's peerConnection.connectionState is 'connected';
 *       beginScreen() → the terminal's <video> presents its first frame (requestVideoFrameCallback).
 *   (b) raw: two RTCPeerConnections in one page, offer/answer handed over directly, trickle ICE, the same m-lines
 *       and the same capture as ours (our default preset's getDisplayMedia options and contentHint; bench/page/raw.js);
 *       also printed with the browser's default capture (getDisplayMedia({ video: true })), for comparison:
 *       new RTCPeerConnection → connected;  getDisplayMedia → attach + renegotiate → first frame presented.
 *   (c) raw with complete SDP: (b) with the same capture, but each description waits for ICE gathering to complete, as our protocol's
 *       offers and answers do (all candidates inside) — a diagnostic: the cost of complete SDP alone.
 *   (d) ours with trickle ICE (`?trickle=1` on both demo pages: the offer at once, candidates in updateCandidate),
 *       when the built demo has it (the element's `trickleIce`); skipped, and said so, when not.
 * Our variants swap order every run. `--turn`: both our pages also get a TURN server (Debian's coturn on loopback,
 * credentials from the server's /turn-credentials), as behind a NAT: a complete offer or answer then waits for the
 * relay candidate, a trickled one does not; the raw pair keeps no ICE servers.
 * All times are taken in the pages on one clock (performance.timeOrigin + now()); Node only drives. One warm-up
 * run of each is not counted. Then it prints min / median / max per figure, the ratio ours/raw of the medians
 * (goal ≤ 1.25), and where our time goes: the median time of each step of our call and share.
 */
import type { Page } from 'playwright-core';
import {
  at,
  flag,
  fmtSummary,
  machine,
  ms,
  named,
  numberOption,
  rawScript,
  sharerPage,
  startBench,
  summarise,
  terminalPage,
  terminalReady,
  cpuBusy,
  wsIn,
  wsOut,
  type Bench,
  type Summary,
  type TraceEvent,
} from './support.js';
import { DEFAULT_QUALITY_PRESET, displayMediaOptions, resolveQuality } from '../src/session/quality.js';
import { loadavg, loadRange, spread } from './latency.js';
import { startCoturn } from '../test/e2e/support/turn.js';

const TERMINAL_ID = 'bench-first-frame';

/** Our variants: demo page query, and terminal id (one registered terminal page each). */
const VARIANTS = [
  { key: 'ours', label: 'ours', query: '', id: TERMINAL_ID },
  { key: 'trickle', label: 'ours, trickle ICE', query: '&trickle=1', id: `${TERMINAL_ID}-trickle` },
] as const;
type VariantKey = (typeof VARIANTS)[number]['key'];

interface FirstFrame {
  presented: number;
  receive: number | null;
  callback: number;
  presentedFrames: number;
  width: number;
  height: number;
}

interface OursRun {
  connect: number | null;
  callResolved: number | null;
  frame: number | null;
  beginResolved: number | null;
  /** Milestones of the call, ms after call(). */
  callSteps: Record<string, number | null>;
  /** Milestones of the share, ms after beginScreen(). */
  shareSteps: Record<string, number | null>;
  size?: string;
}

interface RawRun {
  connect: number | null;
  frame: number | null;
  steps: Record<string, number | null>;
}

const rel = (t: number | null, origin: number) => (t === null ? null : t - origin);

async function runOurs(bench: Bench, sharer: Page, terminal: Page): Promise<OursRun> {
  await terminalReady(bench, terminal);
  await terminal.evaluate(terminalPage.reset);
  const call = (await sharer.evaluate(sharerPage.call)) as {
    t0: number;
    connected: number | null;
    resolved: number;
    code: number;
    message: string;
    trace: TraceEvent[];
  };
  if (call.code !== 200) throw new Error(`call() → ${call.code} ${call.message}`);
  const tCall = (await terminal.evaluate(terminalPage.trace)) as TraceEvent[];
  await terminal.evaluate(terminalPage.reset);
  const begin = (await sharer.evaluate(sharerPage.beginScreen)) as {
    t1: number;
    resolved: number;
    code: number;
    message: string;
    trace: TraceEvent[];
  };
  if (begin.code !== 200) throw new Error(`beginScreen() → ${begin.code} ${begin.message}`);
  const shown = (await terminal.evaluate(terminalPage.firstFrame(15_000))) as { frame: FirstFrame | null; trace: TraceEvent[] };
  const hangUp = await sharer.evaluate(sharerPage.hangUp);
  if (hangUp !== 200) throw new Error(`hangUp() → ${hangUp}`);

  const s = call.trace;
  const t = tCall;
  const t0 = call.t0;
  const callSteps = {
    'WebSocket made (new WebSocket)': rel(at(s, named('ws.new')), t0),
    'peer connection made (new RTCPeerConnection)': rel(at(s, named('pc.new')), t0),
    'socket open': rel(at(s, named('ws.open')), t0),
    'createOffer ends': rel(at(s, named('pc.createOffer.end')), t0),
    'offer made (createOffer + setLocalDescription)': rel(at(s, named('pc.setLocalDescription.end')), t0),
    'first UDP candidate': rel(at(s, (e) => e.name === 'pc.candidate' && / udp /i.test(String(e.candidate ?? ''))), t0),
    'page ICE gathering complete': rel(at(s, named('pc.gathering', 'complete')), t0),
    'createMediaSession sent (complete offer)': rel(at(s, wsOut('createMediaSession')), t0),
    'first updateCandidate sent (trickle only)': rel(at(s, wsOut('updateCandidate')), t0),
    'terminal receives it': rel(at(t, wsIn('createMediaSession')), t0),
    'terminal: offer applied (setRemoteDescription starts)': rel(at(t, named('pc.setRemoteDescription.start')), t0),
    'terminal: offer applied (setRemoteDescription ends)': rel(at(t, named('pc.setRemoteDescription.end')), t0),
    'terminal: createAnswer ends': rel(at(t, named('pc.createAnswer.end')), t0),
    'terminal answer made': rel(at(t, named('pc.setLocalDescription.end')), t0),
    'terminal ICE gathering complete': rel(at(t, named('pc.gathering', 'complete')), t0),
    'createMediaSessionRet sent (complete answer)': rel(at(t, wsOut('createMediaSessionRet')), t0),
    'page receives the answer': rel(at(s, wsIn('createMediaSessionRet')), t0),
    'page: setRemoteDescription starts': rel(at(s, named('pc.setRemoteDescription.start')), t0),
    'answer applied (setRemoteDescription)': rel(at(s, named('pc.setRemoteDescription.end')), t0),
    'call() resolves 200': call.resolved - t0,
    'page ICE connected': rel(at(s, named('pc.ice', 'connected')), t0),
    'page connectionState connected': rel(call.connected, t0),
  };
  const b = begin.trace;
  const u = shown.trace;
  const t1 = begin.t1;
  const shareSteps = {
    'getDisplayMedia resolves': rel(at(b, named('gdm.end')), t1),
    'ctrlPresentation(1) sent': rel(at(b, wsOut('ctrlPresentation')), t1),
    'ctrlPresentationRet received': rel(at(b, wsIn('ctrlPresentationRet')), t1),
    'track on the slides sender (replaceTrack)': rel(at(b, named('tx.replaceTrack.end')), t1),
    'maxBitrate set (setParameters)': rel(at(b, named('tx.setParameters.end')), t1),
    're-offer made': rel(at(b, named('pc.setLocalDescription.end')), t1),
    'updateMediaSession sent': rel(at(b, wsOut('updateMediaSession')), t1),
    'terminal receives it': rel(at(u, wsIn('updateMediaSession')), t1),
    'terminal <video> gets the stream': rel(at(u, named('video.srcObject')), t1),
    'updateMediaSessionRet sent': rel(at(u, wsOut('updateMediaSessionRet')), t1),
    'page receives the answer': rel(at(b, wsIn('updateMediaSessionRet')), t1),
    'answer applied (setRemoteDescription)': rel(at(b, named('pc.setRemoteDescription.end')), t1),
    'beginScreen() resolves 200': begin.resolved - t1,
    'terminal: first frame received (rVFC receiveTime)': shown.frame?.receive ? shown.frame.receive - t1 : null,
    'terminal: first frame presented': shown.frame ? shown.frame.presented - t1 : null,
  };
  return {
    connect: rel(call.connected, t0),
    callResolved: call.resolved - t0,
    frame: shown.frame ? shown.frame.presented - t1 : null,
    beginResolved: begin.resolved - t1,
    callSteps,
    shareSteps,
    size: shown.frame ? `${shown.frame.width}×${shown.frame.height}` : undefined,
  };
}

/**
 * The capture our element makes by default (DEFAULT_QUALITY_PRESET: getDisplayMedia options and the track's
 * contentHint), for the raw baseline "with the same capture" (issue 6).
 */
const OUR_CAPTURE = (() => {
  const plan = resolveQuality({ preset: DEFAULT_QUALITY_PRESET });
  return { displayMedia: displayMediaOptions(plan), contentHint: plan.contentHint };
})();

async function runRaw(page: Page, trickle: boolean, sameCapture = false, h264 = false): Promise<RawRun> {
  const options = { trickle, h264, ...(sameCapture ? OUR_CAPTURE : {}) };
  const r = (await page.evaluate(`window.rawRun(${JSON.stringify(options)})`)) as {
    t0: number;
    connected: number;
    t1: number;
    captured: number;
    frame: number | null;
    firstFrame: FirstFrame | null;
    trace: TraceEvent[];
  };
  const tr = r.trace;
  const steps = {
    'pc1 offer made': rel(at(tr, (e) => e.name === 'pc.setLocalDescription.end' && e.pc !== undefined), r.t0),
    'pc1 ICE gathering complete': rel(at(tr, (e) => e.name === 'pc.gathering' && e.state === 'complete'), r.t0),
    'pc1 connected': r.connected - r.t0,
    'getDisplayMedia resolves': r.captured - r.t1,
    'track on the sender (replaceTrack)': rel(at(tr, named('tx.replaceTrack.end'), r.t1), r.t1),
    'answer applied on pc1': rel(at(tr, named('pc.setRemoteDescription.end'), r.captured), r.t1),
    'first frame received (rVFC receiveTime)': r.firstFrame?.receive ? r.firstFrame.receive - r.t1 : null,
    'first frame presented': r.frame === null ? null : r.frame - r.t1,
  };
  return { connect: r.connected - r.t0, frame: r.frame === null ? null : r.frame - r.t1, steps };
}

function medianSteps(runs: Record<string, number | null>[]): [string, Summary | null][] {
  if (runs.length === 0) return [];
  return Object.keys(runs[0]).map((k) => [k, summarise(runs.map((r) => r[k]))]);
}

/** One run: each variant's figures, measured one right after the other, and the load before it. */
interface PerRun {
  load: string;
  ours?: OursRun;
  trickle?: OursRun;
  raw?: RawRun;
  rawH264?: RawRun;
}

interface OursSummary {
  label: string;
  connect: Summary | null;
  frame: Summary | null;
  callResolved: Summary | null;
  beginResolved: Summary | null;
  ratio: { connect: number | null; frame: number | null };
  callSteps: [string, Summary | null][];
  shareSteps: [string, Summary | null][];
}

export interface FirstFrameReport {
  machine: string;
  runs: number;
  /** Our two pages had a TURN server (coturn on loopback) as well; the raw pair has none. */
  turn: boolean;
  ours: OursSummary;
  /** Ours with trickle ICE, when the demo has it. */
  trickle: OursSummary | null;
  trickleNote: string;
  raw: { connect: Summary | null; frame: Summary | null };
  rawDefaultCapture: { connect: Summary | null; frame: Summary | null };
  rawComplete: { connect: Summary | null; frame: Summary | null };
  /** Raw (trickle, our capture) with H.264 Constrained Baseline first, the codec of our device path. */
  rawH264: { connect: Summary | null; frame: Summary | null };
  rawSteps: [string, Summary | null][];
  rawCompleteSteps: [string, Summary | null][];
  frameSize?: string;
  /** CPU busy share (0–1) measured just before each run. */
  busyBeforeRuns: Summary | null;
  /** Per figure, the ratio of each run's two variants (null where one failed). */
  perRunRatios: Record<string, (number | null)[]>;
  /** /proc/loadavg before each run. */
  loads: string[];
  errors: string[];
}

/**
 * Sets the TURN server of the bench's signalling server (`GET /turn-credentials`) as the ICE servers of the page's
 * element `tag`, so that its offer or answer also gathers a relay candidate.
 */
const useTurn = (tag: string) => `(async () => {
  const { iceServers } = await (await fetch('/turn-credentials')).json();
  document.querySelector('${tag}').rtcConfiguration = { iceServers };
})()`;

export async function measureFirstFrame(
  runs: number,
  log: (line: string) => void = () => {},
  options: { turn?: boolean } = {},
): Promise<FirstFrameReport> {
  const turn = options.turn ? await startCoturn() : null;
  const bench = await startBench(turn ? { turn: { secret: turn.secret, urls: [turn.url], ttlSeconds: 600 } } : {});
  const errors: string[] = [];
  try {
    const pages = new Map<VariantKey, { sharer: Page; terminal: Page }>();
    let trickleNote = '';
    for (const v of VARIANTS) {
      const terminal = await bench.open(`/terminal.html?id=${v.id}${v.query}`);
      await terminalReady(bench, terminal);
      const sharer = await bench.open(`/?id=${v.id}${v.query}`);
      if (turn) {
        await terminal.evaluate(useTurn('gs-terminal'));
        await sharer.evaluate(useTurn('gs-screen-share'));
      }
      if (v.key === 'trickle') {
        const supported = await sharer.evaluate(`(() => { const el = document.querySelector('gs-screen-share'); return 'trickleIce' in el && el.trickleIce === true; })()`);
        if (!supported) {
          trickleNote = 'the built demo has no trickle ICE (?trickle=1 / trickleIce): not measured';
          continue;
        }
      }
      pages.set(v.key, { sharer, terminal });
    }
    const raw = await bench.open('/healthz');
    await raw.addScriptTag({ path: rawScript });

    const ours = new Map<VariantKey, OursRun[]>([...pages.keys()].map((k) => [k, []]));
    const rawRuns: RawRun[] = [];
    const rawDefault: RawRun[] = [];
    const rawComplete: RawRun[] = [];
    const rawH264: RawRun[] = [];
    const busy: number[] = [];
    const perRun: PerRun[] = [];
    for (let i = 0; i <= runs; i++) {
      const warmUp = i === 0;
      const label = warmUp ? 'warm-up' : `run ${i}/${runs}`;
      // No waiting for a quiet machine: every variant runs once per run, one after the other, so load hits all alike.
      const b = await cpuBusy();
      if (b !== null && !warmUp) busy.push(b);
      const run: PerRun = { load: loadavg() };
      if (!warmUp) perRun.push(run);
      // Our variants swap order every run: the one right after another call's hang-up pays for its clean-up
      // (the closed peer connection, the terminal's torn-down <video>), which would otherwise always be the same one.
      const order = [...pages];
      if (i % 2 === 0) order.reverse();
      for (const [key, { sharer, terminal }] of order) {
        try {
          const o = await runOurs(bench, sharer, terminal);
          run[key] = o;
          if (!warmUp) ours.get(key)!.push(o);
          log(`${label}: ${key} connect ${ms(o.connect)} ms, first frame ${ms(o.frame)} ms`);
        } catch (error) {
          errors.push(`${label} ${key}: ${(error as Error).message}`);
          log(`${label}: ${key} FAILED ${(error as Error).message}`);
          await sharer.evaluate(sharerPage.hangUp).catch(() => {});
        }
      }
      try {
        const r = await runRaw(raw, true, true);
        run.raw = r;
        if (!warmUp) rawRuns.push(r);
        const d = await runRaw(raw, true);
        if (!warmUp) rawDefault.push(d);
        const c = await runRaw(raw, false, true);
        if (!warmUp) rawComplete.push(c);
        const hh = await runRaw(raw, true, true, true);
        run.rawH264 = hh;
        if (!warmUp) rawH264.push(hh);
        log(
          `${label}: raw connect ${ms(r.connect)} ms, first frame ${ms(r.frame)} ms; default capture ${ms(d.connect)} / ${ms(d.frame)} ms; ` +
            `complete SDP ${ms(c.connect)} / ${ms(c.frame)} ms`,
        );
      } catch (error) {
        errors.push(`${label} raw: ${(error as Error).message}`);
        log(`${label}: raw FAILED ${(error as Error).message}`);
      }
    }
    const r = { connect: summarise(rawRuns.map((x) => x.connect)), frame: summarise(rawRuns.map((x) => x.frame)) };
    const d = { connect: summarise(rawDefault.map((x) => x.connect)), frame: summarise(rawDefault.map((x) => x.frame)) };
    const c = { connect: summarise(rawComplete.map((x) => x.connect)), frame: summarise(rawComplete.map((x) => x.frame)) };
    const ratio = (a: Summary | null, b: Summary | null) => (a && b ? a.median / b.median : null);
    const summary = (key: VariantKey): OursSummary | null => {
      const list = ours.get(key);
      if (!list) return null;
      const connect = summarise(list.map((x) => x.connect));
      const frame = summarise(list.map((x) => x.frame));
      return {
        label: VARIANTS.find((v) => v.key === key)!.label,
        connect,
        frame,
        callResolved: summarise(list.map((x) => x.callResolved)),
        beginResolved: summarise(list.map((x) => x.beginResolved)),
        ratio: { connect: ratio(connect, r.connect), frame: ratio(frame, r.frame) },
        callSteps: medianSteps(list.map((x) => x.callSteps)),
        shareSteps: medianSteps(list.map((x) => x.shareSteps)),
      };
    };
    return {
      machine: await machine(bench),
      runs,
      turn: turn !== null,
      ours: summary('ours')!,
      trickle: summary('trickle'),
      trickleNote,
      raw: r,
      rawDefaultCapture: d,
      rawComplete: c,
      rawH264: { connect: summarise(rawH264.map((x) => x.connect)), frame: summarise(rawH264.map((x) => x.frame)) },
      rawSteps: medianSteps(rawRuns.map((x) => x.steps)),
      rawCompleteSteps: medianSteps(rawComplete.map((x) => x.steps)),
      frameSize: [...ours.values()].flat().find((x) => x.size)?.size,
      busyBeforeRuns: summarise(busy),
      perRunRatios: {
        'ours, trickle ICE / ours (complete SDP): call → connected': perRun.map((x) => (x.trickle?.connect != null && x.ours?.connect ? x.trickle.connect / x.ours.connect : null)),
        'ours / raw (trickle): call → connected': perRun.map((x) => (x.ours?.connect != null && x.raw?.connect ? x.ours.connect / x.raw.connect : null)),
        'ours / raw (trickle): beginScreen → first frame': perRun.map((x) => (x.ours?.frame != null && x.raw?.frame ? x.ours.frame / x.raw.frame : null)),
        'ours / raw H.264 first: call → connected': perRun.map((x) => (x.ours?.connect != null && x.rawH264?.connect ? x.ours.connect / x.rawH264.connect : null)),
        'ours / raw H.264 first: beginScreen → first frame': perRun.map((x) => (x.ours?.frame != null && x.rawH264?.frame ? x.ours.frame / x.rawH264.frame : null)),
      },
      loads: perRun.map((x) => x.load),
      errors,
    };
  } finally {
    await bench.close();
    await turn?.close();
  }
}

function print(r: FirstFrameReport): void {
  const GOAL = 1.25;
  console.log(`\nFirst frame — ${r.machine}`);
  console.log(`loopback, fake capture${r.frameSize ? ` (${r.frameSize})` : ''}; ${r.runs} runs each (+1 warm-up), ms as min / median / max`);
  console.log(r.turn ? 'ICE servers: ours (both pages) coturn on loopback, TURN over UDP (--turn); raw none\n' : 'ICE servers: none (host candidates only)\n');
  const ratioCell = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)} ${x <= GOAL ? 'OK' : 'OVER'}`);
  const rows: string[][] = [['', 'call → connected', 'ours/raw', 'beginScreen → first frame', 'ours/raw']];
  for (const o of [r.ours, r.trickle]) {
    if (o) rows.push([o.label, fmtSummary(o.connect), ratioCell(o.ratio.connect), fmtSummary(o.frame), ratioCell(o.ratio.frame)]);
  }
  rows.push(['raw (trickle)', fmtSummary(r.raw.connect), '', fmtSummary(r.raw.frame), '']);
  rows.push(["raw (trickle), browser's default capture", fmtSummary(r.rawDefaultCapture.connect), '', fmtSummary(r.rawDefaultCapture.frame), '']);
  rows.push(['raw, complete SDP', fmtSummary(r.rawComplete.connect), '', fmtSummary(r.rawComplete.frame), '']);
  const h264Ratio = (a: Summary | null, b: Summary | null) => (a && b ? ratioCell(a.median / b.median) : '–');
  rows.push([
    'raw (trickle), H.264 first (ratio: ours/this)',
    fmtSummary(r.rawH264.connect),
    h264Ratio(r.ours.connect, r.rawH264.connect),
    fmtSummary(r.rawH264.frame),
    h264Ratio(r.ours.frame, r.rawH264.frame),
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(`\nours/raw = ratio of the medians to raw (trickle); goal ≤ ${GOAL} for both figures.`);
  console.log(
    `raw captures as our default preset does (${JSON.stringify(OUR_CAPTURE)}); ` +
      "the browser's default capture row is raw with getDisplayMedia({ video: true }).",
  );
  if (r.trickleNote) console.log(`(ours, trickle ICE: ${r.trickleNote})`);
  if (r.busyBeforeRuns) {
    const b = r.busyBeforeRuns;
    console.log(`CPU busy just before each run: ${(b.min * 100).toFixed(0)} / ${(b.median * 100).toFixed(0)} / ${(b.max * 100).toFixed(0)} %; load (1 min) ${loadRange(r.loads)}`);
  }
  console.log(`\nPer-run ratios, each run's variants measured one right after the other: median [p25–p75] (min–max) of ${r.runs} runs`);
  const w = Math.max(...Object.keys(r.perRunRatios).map((k) => k.length));
  for (const [k, list] of Object.entries(r.perRunRatios)) console.log(`  ${k.padEnd(w)}  ${spread(list)}`);
  console.log('  (ours answers as the device does, H.264 Baseline: the H.264 rows are ours against the raw pair in the same codec)');
  console.log(`  load per run (1 min): ${r.loads.map((l) => l.split(' ')[0]).join(', ')}`);
  const steps = (title: string, list: [string, Summary | null][]) => {
    console.log(`\n${title} (ms, min / median / max)`);
    const w = Math.max(...list.map(([k]) => k.length));
    for (const [k, s] of list) console.log(`  ${k.padEnd(w)}  ${fmtSummary(s)}`);
  };
  for (const o of [r.ours, r.trickle]) {
    if (!o) continue;
    steps(`${o.label}: call(), steps after call()`, o.callSteps);
    steps(`${o.label}: beginScreen(), steps after beginScreen()`, o.shareSteps);
  }
  steps('raw (trickle): steps after new RTCPeerConnection / getDisplayMedia', r.rawSteps);
  steps('raw, complete SDP: the same steps', r.rawCompleteSteps);
  if (r.errors.length) {
    console.log(`\n${r.errors.length} failed run(s):`);
    for (const e of r.errors) console.log(`  ${e}`);
  }
}

async function main() {
  const runs = numberOption('runs', 20);
  const json = flag('json');
  const report = await measureFirstFrame(runs, json ? () => {} : (line) => console.error(line), { turn: flag('turn') });
  if (json) console.log(JSON.stringify(report, null, 2));
  else print(report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
