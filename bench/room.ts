/**
 * bench/room: a conference as a full mesh against the same conference through Janus, side by side in one run.
 *
 *   npm run bench:room          (builds the demo, then: node --import tsx bench/room.ts)
 *   node --import tsx bench/room.ts [--sizes 3,6] [--seconds 10] [--json]
 *
 * One server in SFU mode with Debian's Janus, one headless Chromium (a context per member), Chromium's fake camera
 * at 320×240, 15 fps (as the SFU e2e tests), loopback. Per size n and per mode, one after the other, n `<gs-room>`
 * pages join a fresh room: `media="mesh"` (one RTCPeerConnection per other member, each sending the camera) or
 * `media="sfu"` (one publisher connection with three simulcast layers, one subscriber connection). Once every page
 * decodes every other member (or 30 s passed), 3 s to settle, then a window of --seconds, over which:
 * - uplink kbps per member: outbound-rtp bytesSent on all its connections, mean and largest of the members;
 * - page CPU: CPU time of all Chromium renderer processes (/proc/<pid>/stat) over the window, per member, in % of
 *   one core (each member's page is its own renderer: a context each);
 * - fps per tile: framesDecoded of each remote camera over the window, mean and lowest over every (viewer, member);
 * - Janus CPU: /proc/<janus pid>/stat over the window, % of one core (0 in a mesh: Janus idles);
 * - the load average (/proc/loadavg) at the window's end: other work on the machine shows there.
 */
import type { Page } from 'playwright-core';
import { until } from '../test/e2e/support/harness.js';
import { smallCamera, startSfuHarness } from '../test/e2e/support/janus.js';
import { loadavg } from './latency.js';
import { cpuMsOf } from '../scripts/janus.mjs';
import { processes } from './procs.js';
import { numberOption, flag } from './support.js';

interface Row {
  mode: 'mesh' | 'sfu';
  members: number;
  uplinkMeanKbps: number;
  uplinkMaxKbps: number;
  pageCpuPct: number;
  fpsMean: number;
  fpsMin: number;
  janusCpuPct: number;
  load: string;
}

const args = process.argv.slice(2);
const SIZES = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1].split(',').map(Number) : [3, 6];
const SECONDS = numberOption('seconds', 10);

/** Per page: bytes sent on all its connections, and frames decoded per remote member's camera. */
function sample(page: Page): Promise<{ sent: number; frames: Record<string, number> }> {
  return page.evaluate(async () => {
    const el = document.querySelector('gs-room')!;
    const seen = new Set<RTCPeerConnection>();
    let sent = 0;
    const frames: Record<string, number> = {};
    for (const p of el.participants) {
      const pc = el.connectionTo(p.memberId);
      const track = p.camera?.getVideoTracks()[0];
      if (pc && track) {
        let f = 0;
        (await pc.getStats(track)).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') f += s.framesDecoded ?? 0;
        });
        frames[p.memberId] = f;
      }
      if (pc) seen.add(pc);
    }
    const publisher = (el as unknown as { client: { sfu: { publisher: RTCPeerConnection | null } | null } }).client.sfu?.publisher;
    if (publisher) seen.add(publisher);
    for (const pc of seen) {
      (await pc.getStats()).forEach((s: { type: string; bytesSent?: number }) => {
        if (s.type === 'outbound-rtp') sent += s.bytesSent ?? 0;
      });
    }
    return { sent, frames };
  });
}

const rendererCpu = () => processes().filter((p) => p.kind === 'renderer').reduce((sum, p) => sum + p.cpu, 0);

async function run(env: Awaited<ReturnType<typeof startSfuHarness>>, mode: 'mesh' | 'sfu', n: number): Promise<Row> {
  const room = `bench-${mode}-${n}-${Date.now().toString(36)}`;
  const pages: Page[] = [];
  for (let i = 0; i < n; i++) {
    const page = await env.h.open(`/room.html?room=${room}`);
    await smallCamera(page);
    await page.evaluate(([m, cap]) => Object.assign(document.querySelector('gs-room')!, { media: m, capacity: cap }), [mode, n] as const);
    const code = await page.evaluate(async (name) => {
      const el = document.querySelector('gs-room')!;
      const joined = await el.join(undefined, name);
      return joined.code === 200 ? (await el.publish()).code : joined.code;
    }, `m${i}`);
    if (code !== 200) throw new Error(`${mode} member ${i} could not join and publish: ${code}`);
    pages.push(page);
  }
  await until(async () => {
    for (const page of pages) {
      const { frames } = await sample(page);
      if (Object.keys(frames).length < n - 1 || Object.values(frames).some((f) => f < 5)) return false;
    }
    return true;
  }, 30_000, 500);
  await new Promise((r) => setTimeout(r, 3_000));
  const before = await Promise.all(pages.map(sample));
  const cpu0 = rendererCpu();
  const janus0 = cpuMsOf(env.janus.pid) / 1000;
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const after = await Promise.all(pages.map(sample));
  const seconds = (Date.now() - t0) / 1000;
  const cpu1 = rendererCpu();
  const janus1 = cpuMsOf(env.janus.pid) / 1000;
  const load = loadavg();
  const uplinks = after.map((a, i) => ((a.sent - before[i].sent) * 8) / 1000 / seconds);
  const fps = after.flatMap((a, i) => Object.entries(a.frames).map(([id, f]) => (f - (before[i].frames[id] ?? f)) / seconds));
  for (const page of pages) await page.evaluate(() => document.querySelector('gs-room')!.leave());
  for (const page of pages) await page.context().close();
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    mode,
    members: n,
    uplinkMeanKbps: mean(uplinks),
    uplinkMaxKbps: Math.max(...uplinks),
    pageCpuPct: ((cpu1 - cpu0) / seconds / n) * 100,
    fpsMean: mean(fps),
    fpsMin: fps.length ? Math.min(...fps) : 0,
    janusCpuPct: ((janus1 - janus0) / seconds) * 100,
    load,
  };
}

async function main(): Promise<void> {
  const env = await startSfuHarness();
  const rows: Row[] = [];
  try {
    for (const n of SIZES) for (const mode of ['mesh', 'sfu'] as const) rows.push(await run(env, mode, n));
  } finally {
    await env.close();
  }
  if (flag('json')) return void console.log(JSON.stringify(rows, null, 2));
  const f = (x: number, d = 0) => x.toFixed(d);
  console.log(`bench:room — ${SECONDS} s window per row; camera 320×240 at 15 fps; CPU in % of one core`);
  console.log('| mode | members | uplink kbps/member (mean, max) | page CPU %/member | fps per tile (mean, min) | Janus CPU % | load avg |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.mode} | ${r.members} | ${f(r.uplinkMeanKbps)}, ${f(r.uplinkMaxKbps)} | ${f(r.pageCpuPct)} | ${f(r.fpsMean, 1)}, ${f(r.fpsMin, 1)} | ${f(r.janusCpuPct)} | ${r.load} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
