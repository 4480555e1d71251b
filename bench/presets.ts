/**
 * bench/presets: what the terminal receives for each share quality preset (issue 8) — resolution, frame rate and
 * bitrate at its inbound-rtp — and how long the preset's resolution takes to arrive.
 *
 *   npm run bench:presets          (builds the demo, then: node --import tsx bench/presets.ts)
 *   node --import tsx bench/presets.ts [--window 10] [--runs 1] [--json]
 *
 * Headless Debian Chromium, loopback, fake capture on a 1920×1080 sharer page (the fake screen follows the
 * page's size), the demo pages through the real signalling server. For each preset (text, balanced, motion) and
 * run: call() → beginScreen() → wait until the terminal decodes the preset's size (up to 30 s; "reached") →
 * --window s of getStats (two readings: frames decoded / s, bytes × 8 / s; and the frames the screen capture
 * delivered at the sharer over the same window, media-source `frames`) → hangUp(). Last, one share that
 * starts as text and switches to motion mid-share (no renegotiation): the figures 3 s before and 3 s after.
 */
import { startHarness, until } from '../test/e2e/support/harness.js';
import { measure, measureWithCapture, openWideSharer, terminalInbound } from '../test/e2e/support/quality.js';
import { QUALITY_PRESETS, type QualityPreset } from '../src/session/quality.js';
import { cpuBusy, flag, numberOption, waitForQuiet } from './support.js';
import os from 'node:os';

const windowS = numberOption('window', 10);
const runs = numberOption('runs', 1);
const json = flag('json');

const h = await startHarness();
const terminal = await h.open('/terminal.html?id=bench-presets');
await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online'));
const sharer = await openWideSharer(h, '?id=bench-presets');
const run = (method: 'call' | 'beginScreen' | 'hangUp') => sharer.evaluate((m) => document.querySelector('gs-screen-share')![m](), method);
const setQuality = (preset: string) => sharer.evaluate((p) => void (document.querySelector('gs-screen-share')!.quality = p), preset);

interface Row {
  preset: string;
  run: number;
  reachedS: number | null;
  width: number;
  height: number;
  fps: number;
  captureFps: number;
  kbps: number;
  cpuBusy: number | null;
}
const rows: Row[] = [];
for (let r = 0; r < runs; r++) {
  for (const preset of Object.keys(QUALITY_PRESETS) as QualityPreset[]) {
    await waitForQuiet();
    await setQuality(preset);
    if ((await run('call')).code !== 200) throw new Error('call failed');
    if ((await run('beginScreen')).code !== 200) throw new Error('beginScreen failed');
    const started = Date.now();
    const spec = QUALITY_PRESETS[preset];
    const reached = await until(async () => {
      const slides = (await terminalInbound(terminal))['2'];
      return Boolean(slides && slides.height >= spec.maxHeight);
    }, 30_000);
    const reachedS = reached ? (Date.now() - started) / 1000 : null;
    const busy = cpuBusy(windowS * 1000 - 100);
    const figures = await measureWithCapture(terminal, sharer, '2', windowS * 1000);
    rows.push({ preset, run: r + 1, reachedS, ...figures, cpuBusy: await busy });
    await run('hangUp');
    await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online'));
  }
}

// Live change: text → motion in one share.
await waitForQuiet();
await setQuality('text');
await run('call');
await run('beginScreen');
await until(async () => (await terminalInbound(terminal))['2']?.height === 1080, 15_000);
await new Promise((r) => setTimeout(r, 2000));
const before = await measure(terminal, '2', 3000);
await setQuality('motion');
const changed = Date.now();
await until(async () => (await terminalInbound(terminal))['2']?.height === 720, 10_000);
const tookS = (Date.now() - changed) / 1000;
const afterChange = await measure(terminal, '2', 3000);
await run('hangUp');
await h.close();

if (json) {
  console.log(JSON.stringify({ rows, live: { before, after: afterChange, tookS } }, null, 2));
} else {
  console.log(`${os.cpus().length} cores, ${os.cpus()[0]?.model.trim()}; headless Chromium ${h.browser.version()}; window ${windowS} s`);
  console.log('| preset | cap | received at the terminal | fps (captured) | kbps | preset size reached after | CPU busy |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const spec = QUALITY_PRESETS[row.preset as QualityPreset];
    console.log(
      `| ${row.preset} | ${spec.maxWidth}×${spec.maxHeight}, ${spec.minFps}–${spec.maxFps} fps, ${spec.kbps} kbps | ${row.width}×${row.height} | ${row.fps} (${row.captureFps}) | ${row.kbps} | ${row.reachedS === null ? 'not in 30 s' : `${row.reachedS.toFixed(1)} s`} | ${row.cpuBusy === null ? '–' : `${Math.round(row.cpuBusy * 100)} %`} |`,
    );
  }
  console.log(`live text → motion (no new offer/answer): ${before.width}×${before.height} ${before.fps} fps ${before.kbps} kbps → ${afterChange.width}×${afterChange.height} ${afterChange.fps} fps ${afterChange.kbps} kbps, 720p at the terminal ${tookS.toFixed(1)} s after the change`);
}
