/**
 * bench/cpu: what presenting costs the PC, CPU seconds per minute of presenting, ours against the raw pair.
 *
 *   npm run bench:cpu          (builds the demo, then: node --import tsx bench/cpu.ts)
 *   node --import tsx bench/cpu.ts [--runs 2] [--seconds 8] [--settle-ms 2000] [--presets text,balanced,motion] [--codecs vp8,h264]
 *                                  [--ablate no-preview,no-stats-polling] [--show-stats] [--json]
 *
 * One headless Chromium (the bench's own: every process read descends from this Node process), Chromium's fake
 * screen capture (the real getDisplayMedia path), loopback. Per preset and codec, and run, one after the other:
 *   ours — the demo sharer's <gs-screen-share> presenting to the demo terminal's <gs-terminal> through the real
 *          server: call(), beginScreen() at the preset, --settle-ms to settle, then a window of --seconds;
 *   ours, one page — the same with the demo terminal's <gs-terminal> in the sharer's page (bench/one-page.ts): the
 *          raw pair's topology, one renderer encoding and decoding, still through the real server;
 *   raw  — two RTCPeerConnections in one page (bench/page/raw.js rawPair) with the same getDisplayMedia options,
 *          contentHint, forced codec and sender tuning (bench/latency.ts rawTuning), same settle and window.
 * CPU time (user + system) per process from /proc/<pid>/stat over the window, by Chromium process type: the
 * sharer's renderer, the terminal's renderer (ours only), the raw page's renderer (sender and receiver in one),
 * the GPU process, the utility processes (video capture, network, audio…) and the browser process. Renderers are
 * told apart by a probe: each page spins for 1 s and the renderer whose CPU time jumps is its. Also, per page,
 * CDP Performance.getMetrics over the window (script, layout and style time, layouts): what ours adds in the page.
 * Figures are CPU seconds per minute of presenting (1 = one core's 1/60); load from elsewhere is printed with them.
 */
import type { CDPSession, Page } from 'playwright-core';
import { QUALITY_PRESETS, displayMediaOptions, type QualityPreset } from '../src/session/quality.js';
import { processes, type Proc } from './procs.js';
import { openOnePage } from './one-page.js';
import { CODECS, loadavg, loadRange, rawPlan, rawTuning, spread, timecodeScript, type CodecKey } from './latency.js';
import { fmtSummary, machine, numberOption, rawScript, sharerPage, startBench, summarise, terminalPage, terminalReady, type Bench, type Summary } from './support.js';

const stringOption = (name: string, fallback: string) => {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

const cpuOf = (list: Proc[]) => new Map(list.map((p) => [p.pid, p]));

/**
 * The renderer pid of `page`: the one whose CPU time jumps while the page spins for 1 s, by a clear margin
 * (≥ 0.15 s and twice the runner-up's), in two probes in a row (pages still loading, or a loaded machine, blur
 * probes: under load ~60 a single probe named an idle renderer as the sharer's; up to 16 tries).
 */
async function rendererOf(page: Page): Promise<number> {
  let last = 0;
  for (let attempt = 0; attempt < 16; attempt++) {
    const pid = await probeOnce(page);
    if (pid && pid === last) return pid;
    last = pid;
  }
  throw new Error('no renderer stands out for the page');
}

/** One probe: the renderer whose CPU jumped while `page` spun for 1 s, by a clear margin; 0 when none did. */
async function probeOnce(page: Page): Promise<number> {
  const before = cpuOf(processes());
  await page.evaluate('(() => { const end = performance.now() + 1000; while (performance.now() < end); })()');
  const jumps = processes()
    .filter((p) => p.kind === 'renderer')
    .map((p) => ({ pid: p.pid, d: p.cpu - (before.get(p.pid)?.cpu ?? p.cpu) }))
    .sort((a, b) => b.d - a.d);
  if (jumps[0] && jumps[0].d >= 0.15 && jumps[0].d >= 2 * (jumps[1]?.d ?? 0)) return jumps[0].pid;
  await new Promise((r) => setTimeout(r, 300));
  return 0;
}

/**
 * What ours does that raw does not, each taken away in a row of its own (--ablate), to name what it costs:
 * the element's own preview of the shared screen (the `preview` part, hidden), and its stats polling (getStats and a
 * render every `stats-interval` ms; 0 = off).
 */
const ABLATIONS: Record<string, { on: string; off: string }> = {
  'no preview': {
    on: `(() => { const s = document.createElement('style'); s.id = 'bench-ablate'; s.textContent = 'gs-screen-share::part(preview) { display: none }'; document.head.append(s); })()`,
    off: `document.getElementById('bench-ablate')?.remove()`,
  },
  'no stats polling': {
    on: `(async () => { const el = document.querySelector('gs-screen-share'); el.statsInterval = 0; await el.updateComplete; })()`,
    off: `(async () => { const el = document.querySelector('gs-screen-share'); el.statsInterval = 1000; await el.updateComplete; })()`,
  },
};

/** Ours with sharer and terminal in one page (bench/one-page.ts), the raw pair's topology. */
const ONE_PAGE = 'ours, one page';

const METRICS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'LayoutCount', 'RecalcStyleCount'] as const;
type Metrics = Record<(typeof METRICS)[number], number>;
async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(METRICS.map((m) => [m, list.find((x) => x.name === m)?.value ?? 0])) as Metrics;
}
const perMinute = (a: Metrics, b: Metrics, seconds: number) =>
  Object.fromEntries(METRICS.map((m) => [m, ((b[m] - a[m]) * 60) / seconds])) as Metrics;

export interface CpuWindow {
  /** 'ours', 'raw', or ours with one of its extras taken away (ABLATIONS). */
  variant: string;
  preset: QualityPreset;
  codec: CodecKey;
  /** The run (1…): its ours and raw windows were measured one right after the other. */
  run: number;
  /** CPU s per minute of presenting, by process role. */
  cpu: Record<string, number>;
  /** CDP Performance metrics per minute (durations in s, counts as counts), by page. */
  pages: Record<string, Metrics>;
  load: string;
  /** The slides sender over the window (getStats outbound-rtp): what the encoder did. */
  sent: { size: string; fps: number; encodeMs: number | null; limitation: string };
}

interface Outbound {
  framesEncoded?: number;
  totalEncodeTime?: number;
  frameWidth?: number;
  frameHeight?: number;
  qualityLimitationReason?: string;
  timestamp: number;
}
/** The `<gs-screen-share>` slides sender's outbound-rtp (its page: the sharer's, or the one page's). */
const SHARER_OUTBOUND = `(async () => {
  const pc = document.querySelector('gs-screen-share').peerConnection;
  let out = null;
  if (!pc) return out;
  (await pc.getStats()).forEach((s) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video' && (!out || (s.framesEncoded ?? 0) > (out.framesEncoded ?? 0))) out = s;
  });
  return out && JSON.parse(JSON.stringify(out));
})()`;
const sentOf = (a: Outbound | null, b: Outbound | null) => {
  if (!a || !b) return { size: '–', fps: 0, encodeMs: null, limitation: '–' };
  const n = (b.framesEncoded ?? 0) - (a.framesEncoded ?? 0);
  return {
    size: `${b.frameWidth}×${b.frameHeight}`,
    fps: Math.round((n / ((b.timestamp - a.timestamp) / 1000)) * 10) / 10,
    encodeMs: n > 0 ? Math.round((((b.totalEncodeTime ?? 0) - (a.totalEncodeTime ?? 0)) / n) * 10000) / 10 : null,
    limitation: b.qualityLimitationReason ?? '–',
  };
};

async function windowOf(roles: Map<number, string>, pagesCdp: Record<string, CDPSession>, seconds: number) {
  const a = cpuOf(processes());
  const ma = Object.fromEntries(await Promise.all(Object.entries(pagesCdp).map(async ([k, c]) => [k, await metrics(c)] as const)));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const s = (performance.now() - t0) / 1000;
  const b = processes();
  const mb = Object.fromEntries(await Promise.all(Object.entries(pagesCdp).map(async ([k, c]) => [k, await metrics(c)] as const)));
  const cpu: Record<string, number> = {};
  for (const p of b) {
    const d = p.cpu - (a.get(p.pid)?.cpu ?? p.cpu);
    const role = roles.get(p.pid) ?? (p.kind === 'renderer' ? 'other renderers' : p.kind);
    cpu[role] = (cpu[role] ?? 0) + (d * 60) / s;
  }
  const pages = Object.fromEntries(Object.keys(pagesCdp).map((k) => [k, perMinute(ma[k], mb[k], s)]));
  return { cpu, pages };
}

async function main() {
  const runs = numberOption('runs', 2);
  const seconds = numberOption('seconds', 8);
  const settleMs = numberOption('settle-ms', 2000);
  const showStats = process.argv.includes('--show-stats');
  const presets = stringOption('presets', Object.keys(QUALITY_PRESETS).join(',')).split(',') as QualityPreset[];
  const codecs = stringOption('codecs', 'vp8,h264').split(',') as CodecKey[];
  const ablate = stringOption('ablate', '').split(',').filter(Boolean);
  for (const a of ablate) if (!ABLATIONS[a.replace(/-/g, ' ')]) throw new Error(`--ablate: ${Object.keys(ABLATIONS).map((k) => k.replace(/ /g, '-')).join(', ')}`);
  for (let i = 0; i < ablate.length; i++) ablate[i] = ablate[i].replace(/-/g, ' ');
  const json = process.argv.includes('--json');
  const log = json ? () => {} : (line: string) => console.error(line);
  const bench: Bench = await startBench();
  const loadBefore = loadavg();
  const windows: CpuWindow[] = [];
  try {
    const id = 'bench-cpu';
    // The browser's own answer, as in bench/latency.ts: a GVC3220's takes no VP8 and caps video at b=AS 2048.
    const terminal = await bench.open(`/terminal.html?id=${id}&answer=browser`);
    await terminalReady(bench, terminal);
    const sharer = await bench.open(`/?id=${id}`);
    await sharer.addScriptTag({ path: timecodeScript });
    // The demo shows the stats panel (show-stats), which samples getStats and renders once a second on its own; a
    // host's element has none unless asked. --show-stats keeps it, to see what it costs.
    if (!showStats) await sharer.evaluate(`(async () => { const el = document.querySelector('gs-screen-share'); el.showStats = false; await el.updateComplete; })()`);
    const raw = await bench.open('/healthz');
    await raw.addScriptTag({ path: rawScript });
    await raw.addScriptTag({ path: timecodeScript });
    // Ours in the raw pair's topology: sharer and terminal in one page, so one renderer (bench/one-page.ts).
    const onePage = await openOnePage(bench, `${id}-1p`);
    await onePage.addScriptTag({ path: timecodeScript });
    if (!showStats) await onePage.evaluate(`(async () => { const el = document.querySelector('gs-screen-share'); el.showStats = false; await el.updateComplete; })()`);
    // The probe can be fooled by another process's burst: probe again until the four renderers differ.
    let roles = new Map<number, string>();
    for (let attempt = 0; attempt < 5 && roles.size !== 4; attempt++) {
      roles = new Map<number, string>([
        [await rendererOf(sharer), 'sharer renderer'],
        [await rendererOf(terminal), 'terminal renderer'],
        [await rendererOf(raw), 'raw renderer'],
        [await rendererOf(onePage), 'one-page renderer'],
      ]);
    }
    if (roles.size !== 4) throw new Error(`two pages share a renderer: cannot tell their CPU apart (${JSON.stringify([...roles])})`);
    const cdp: Record<string, CDPSession> = {};
    for (const [k, p] of [['sharer', sharer], ['terminal', terminal], ['raw', raw], ['one page', onePage]] as const) {
      cdp[k] = await p.context().newCDPSession(p);
      await cdp[k].send('Performance.enable', { timeDomain: 'threadTicks' });
    }
    for (let run = 1; run <= runs; run++) {
      for (const codec of codecs) {
        for (const preset of presets) {
          const plan = rawPlan(preset, codec);
          for (const variant of ['ours', ...ablate, ONE_PAGE]) {
            // The one-page variant's sharer and terminal are the same page, measured as one renderer.
            const [page, device, pageCdp] = variant === ONE_PAGE ? [onePage, onePage, { 'one page': cdp['one page'] }] : [sharer, terminal, { sharer: cdp.sharer, terminal: cdp.terminal }];
            await terminalReady(bench, device);
            if (ABLATIONS[variant]) await page.evaluate(ABLATIONS[variant].on);
            await page.evaluate(`window.__timecode.preferCodec(${JSON.stringify(CODECS[codec])})`);
            await page.evaluate(`(async () => { const el = document.querySelector('gs-screen-share'); el.quality = ${JSON.stringify(preset)}; await el.updateComplete; })()`);
            const call = (await page.evaluate(sharerPage.call)) as { code: number };
            if (call.code !== 200) throw new Error(`${variant}: call() → ${call.code}`);
            await device.evaluate(terminalPage.reset);
            const begin = (await page.evaluate(sharerPage.beginScreen)) as { code: number };
            if (begin.code !== 200) throw new Error(`${variant}: beginScreen() → ${begin.code}`);
            await new Promise((r) => setTimeout(r, settleMs));
            const load = loadavg();
            const oa = (await page.evaluate(SHARER_OUTBOUND)) as Outbound | null;
            const o = await windowOf(roles, pageCdp, seconds);
            const ob = (await page.evaluate(SHARER_OUTBOUND)) as Outbound | null;
            windows.push({ variant, preset, codec, run, ...o, load, sent: sentOf(oa, ob) });
            await page.evaluate(sharerPage.hangUp);
            if (ABLATIONS[variant]) await page.evaluate(ABLATIONS[variant].off);
            const renderers = variant === ONE_PAGE ? `renderer ${o.cpu['one-page renderer']?.toFixed(2)}` : `sharer ${o.cpu['sharer renderer']?.toFixed(2)} terminal ${o.cpu['terminal renderer']?.toFixed(2)}`;
            log(`run ${run} ${codec} ${preset} ${variant}: ${renderers} gpu ${o.cpu['gpu-process']?.toFixed(2) ?? '–'} s/min (load ${load})`);
          }
          // raw
          await raw.evaluate(`window.__timecode.preferCodec(${JSON.stringify(CODECS[codec])})`);
          const options = { capture: 'screen', displayMedia: displayMediaOptions(plan), contentHint: plan.contentHint, tuning: rawTuning(plan) };
          const started = (await raw.evaluate(`window.rawPair.start(${JSON.stringify(options)})`)) as { firstFrame: unknown };
          if (!started.firstFrame) throw new Error('raw: no first frame');
          await new Promise((r) => setTimeout(r, settleMs));
          const load = loadavg();
          const ra = (await raw.evaluate('window.rawPair.outbound()')) as Outbound | null;
          const r = await windowOf(roles, { raw: cdp.raw }, seconds);
          const rb = (await raw.evaluate('window.rawPair.outbound()')) as Outbound | null;
          windows.push({ variant: 'raw', preset, codec, run, ...r, load, sent: sentOf(ra, rb) });
          await raw.evaluate('window.rawPair.stop()');
          log(`run ${run} ${codec} ${preset} raw: renderer ${r.cpu['raw renderer']?.toFixed(2)} gpu ${r.cpu['gpu-process']?.toFixed(2) ?? '–'} s/min (load ${load})`);
        }
      }
    }
    const report = { machine: await machine(bench), runs, seconds, showStats, loadBefore, loadAfter: loadavg(), windows };
    if (json) console.log(JSON.stringify(report, null, 2));
    else print(report, presets, codecs, ablate);
  } finally {
    await bench.close();
  }
}

function print(r: { machine: string; runs: number; seconds: number; showStats: boolean; loadBefore: string; loadAfter: string; windows: CpuWindow[] }, presets: QualityPreset[], codecs: CodecKey[], ablate: string[]) {
  const GOAL = 1.1;
  console.log(`\nCPU while presenting — ${r.machine}`);
  console.log(`fake screen capture; stats panel ${r.showStats ? 'shown (--show-stats)' : 'not shown'}; ${r.runs} run(s) of ${r.seconds} s per row; CPU s per minute of presenting, min / median / max of the runs; load ${r.loadBefore} → ${r.loadAfter}\n`);
  const s = (list: CpuWindow[], f: (w: CpuWindow) => number | undefined): Summary | null => summarise(list.map(f));
  const f2 = (x: Summary | null) => fmtSummary(x, 2);
  const rows: string[][] = [['codec', 'preset', 'ours: sharer', 'ours: terminal', 'ours: renderers', 'raw: one page (both)', 'ours/raw renderers per run: median [p25–p75] (min–max)', 'ours/raw renderers per frame sent', 'ours/raw all processes per run', 'load (1 min)', 'ours: GPU + utility + browser', 'raw: GPU + utility + browser', 'sharer page: script / layout+style / layouts (per min)', 'raw page: script / layout+style / layouts', 'sent, ours | raw: size fps encode-ms limit']];
  const sentCell = (list: CpuWindow[]) => {
    const w = list.at(-1);
    const e = summarise(list.map((x) => x.sent.encodeMs))?.median;
    return w ? `${w.sent.size} ${summarise(list.map((x) => x.sent.fps))?.median ?? 0} ${e === undefined ? '–' : e.toFixed(1)} ${w.sent.limitation}` : '–';
  };
  const other = (w: CpuWindow) => Object.entries(w.cpu).filter(([k]) => !/renderer/.test(k)).reduce((a, [, v]) => a + v, 0);
  /** The renderers a variant's window is about: ours' two pages, the one page, or the raw page. */
  const renderersOf = (variant: string) => (variant === 'raw' ? ['raw renderer'] : variant === ONE_PAGE ? ['one-page renderer'] : ['sharer renderer', 'terminal renderer']);
  const mine = (w: CpuWindow) => renderersOf(w.variant).reduce((a, k) => a + (w.cpu[k] ?? 0), 0);
  /** Every process but the other variants' (idle) renderers ('other renderers' does not end in "renderer": it counts). */
  const allOf = (w: CpuWindow) => Object.entries(w.cpu).filter(([k]) => !/renderer$/.test(k) || renderersOf(w.variant).includes(k)).reduce((a, [, v]) => a + v, 0);
  for (const codec of codecs) {
    for (const preset of presets) {
      const raw = r.windows.filter((w) => w.variant === 'raw' && w.preset === preset && w.codec === codec);
      const rawR = s(raw, (w) => w.cpu['raw renderer']);
      for (const variant of ['ours', ...ablate, ONE_PAGE]) {
        const ours = r.windows.filter((w) => w.variant === variant && w.preset === preset && w.codec === codec);
        if (!ours.length) continue;
        const both = s(ours, mine);
        /** Each run's ours figure over the raw figure of the same run. */
        const perRun = (of: (w: CpuWindow) => number) =>
          ours.map((o) => {
            const w = raw.find((x) => x.run === o.run);
            const d = w && of(w);
            return d ? of(o) / d : null;
          });
        const ratios = perRun(mine).filter((x): x is number => x !== null);
        const ratio = summarise(ratios)?.median ?? null;
        const pm = (list: CpuWindow[], page: string) => {
          const m = (k: keyof Metrics) => summarise(list.map((w) => w.pages[page]?.[k]))?.median ?? 0;
          return `${m('ScriptDuration').toFixed(2)} / ${(m('LayoutDuration') + m('RecalcStyleDuration')).toFixed(2)} / ${m('LayoutCount').toFixed(0)}`;
        };
        rows.push([
          CODECS[codec],
          preset + (variant === 'ours' ? '' : variant === ONE_PAGE ? `, ${ONE_PAGE}` : `, ours ${variant}`),
          variant === ONE_PAGE ? '–' : f2(s(ours, (w) => w.cpu['sharer renderer'])),
          variant === ONE_PAGE ? '–' : f2(s(ours, (w) => w.cpu['terminal renderer'])),
          f2(both),
          f2(rawR),
          `${spread(perRun(mine))}${ratio === null ? '' : ratio <= GOAL ? ' OK' : ' OVER'}`,
          spread(perRun((w) => (w.sent.fps > 0 ? mine(w) / w.sent.fps : 0))),
          spread(perRun(allOf)),
          loadRange([...ours, ...raw].map((w) => w.load)),
          f2(s(ours, other)),
          f2(s(raw, other)),
          pm(ours, variant === ONE_PAGE ? 'one page' : 'sharer'),
          pm(raw, 'raw'),
          `${sentCell(ours)} | ${sentCell(raw)}`,
        ]);
      }
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(
    `\nours/raw renderers = ours' renderers (sharer + terminal; or the one page's) / the raw page's renderer, which encodes and decodes in one process, run by run (ours, ours in one page, then raw, ABAB…), median of the runs' ratios; goal ≤ ${GOAL}.` +
      `\nper frame sent = the same, each divided by the frames per second its slides sender encoded over the window (outbound-rtp framesEncoded): the CPU of one frame, whatever rate each encoder reached.` +
      `\nours/raw all processes = every Chromium process but the other variants' (idle) renderers during each window (GPU, utility, browser included).`,
  );
  const roles = new Set(r.windows.flatMap((w) => Object.keys(w.cpu)));
  console.log(`\nBy process, median s/min (ours | ${ONE_PAGE} | raw):`);
  for (const role of [...roles].sort()) {
    const m = (v: string) => summarise(r.windows.filter((w) => w.variant === v).map((w) => w.cpu[role] ?? 0))?.median ?? 0;
    console.log(`  ${role.padEnd(28)} ${m('ours').toFixed(2)} | ${m(ONE_PAGE).toFixed(2)} | ${m('raw').toFixed(2)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
