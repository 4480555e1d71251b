/**
 * Relay benchmark (prints figures; not a test): N page↔device pairs relaying ~1 KB and ~4 KB frames through
 *   (a) our signalling server (src/server/main.ts, rate limits off),
 *   (b) a bare `ws` relay and (c) a socket.io rooms relay (bench/relay-baselines.ts),
 * each server in its own process started with the same Node flags (bench/server-node-flags.ts, as `npm start`),
 * the clients in this one, all in the same run.
 *
 *   node --import tsx bench/relay.ts [--pairs 100,1000] [--sizes 1024,4096] [--seconds 10] [--rate 5]
 *                                    [--targets ours,ws,socketio] [--modes load,paced] [--runs 1]
 *   node --import tsx bench/relay.ts --pairs 1000 --sizes 1024 --targets ours,ws --modes paced --runs 5
 *                                    (the paced p99 at 1,000 pairs as ours/bare-ws: ~2 min)
 *
 * Modes: `load` — each pair keeps one frame in flight (the next leaves when the last arrived): the most msgs/s
 * the relay sustains, and the latency at that load; `paced` — each pair sends `rate` frames a second (random phase):
 * latency at a fixed, moderate load. The frame is a gs-webrtc-json updateMediaSession whose SDP pads it to the size;
 * its reqId carries the send time in µs, so one-way latency is measured on this process's clock.
 * `cpu µs/msg` is the server process's CPU time (user + system, from /proc) over the window divided by the messages
 * relayed: what each relay costs, a figure that load from elsewhere on the machine disturbs far less than msgs/s.
 * With --runs N (--repeat is the same), each case runs N rounds, the targets back to back in each round; besides the
 * medians it prints, per round, ours / each baseline of the same round (p99, and msgs/s under load) and the median
 * of those ratios: on a shared machine the absolute p99 follows the machine's load, the same-round ratio far less.
 * /proc/loadavg is printed before and after.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SERVER_NODE_FLAGS } from './server-node-flags.js';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io as ioClient, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '100,1000' },
    sizes: { type: 'string', default: '1024,4096' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '5' },
    targets: { type: 'string', default: 'ours,ws,socketio' },
    modes: { type: 'string', default: 'load,paced' },
    repeat: { type: 'string' },
    runs: { type: 'string' },
  },
});
const PAIRS = values.pairs!.split(',').map(Number);
const SIZES = values.sizes!.split(',').map(Number);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const TARGETS = values.targets!.split(',') as Target[];
const MODES = values.modes!.split(',') as Mode[];
const REPEAT = Number(values.runs ?? values.repeat ?? '1');
const loadavg = () => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
};
/** Per case, the rounds of every target (for the same-round ratios). */
const allRounds: { pairs: number; size: number; mode: Mode; rounds: Map<Target, Result[]> }[] = [];
const WARMUP_MS = 1000;

type Target = 'ours' | 'ws' | 'socketio';
type Mode = 'load' | 'paced';

/** One end of a pair, whatever the transport. */
interface End {
  send(text: string): void;
  onMessage(fn: (text: string) => void): void;
  close(): void;
}
interface Pair {
  page: End;
  device: End;
}

function startServer(target: Target): Promise<{ child: ChildProcess; port: number }> {
  const args =
    target === 'ours'
      ? ['--import', 'tsx', 'src/server/main.ts', '--port', '0', '--host', '127.0.0.1', '--no-rate-limits', '--log-level', 'error', '--static-dir', repoRoot]
      : ['--import', 'tsx', 'bench/relay-baselines.ts', target === 'ws' ? 'ws' : 'socketio'];
  // BENCH_SERVER_FLAGS: extra node flags for the server processes (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const extra = process.env.BENCH_SERVER_FLAGS ? process.env.BENCH_SERVER_FLAGS.split(' ') : [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...extra, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /server on http:\/\/localhost:(\d+)|listening (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1] ?? m[2]) });
    });
    child.once('exit', (code) => reject(new Error(`${target} server exited ${code}`)));
  });
}

function wsEnd(url: string, protocol?: string): Promise<End> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocol ? [protocol] : [], { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        send: (text) => ws.send(text),
        onMessage: (fn) => ws.on('message', (d) => fn(d.toString())),
        close: () => ws.terminate(),
      }),
    );
  });
}

function ioEnd(port: number, room: string): Promise<End> {
  return new Promise((resolve, reject) => {
    const socket: Socket = ioClient(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('connect_error', reject);
    socket.once('connect', () => {
      socket.emit('join', room, () =>
        resolve({
          send: (text) => socket.emit('m', text),
          onMessage: (fn) => socket.on('m', (text: string) => fn(text)),
          close: () => socket.disconnect(),
        }),
      );
    });
  });
}

async function connectPair(target: Target, port: number, i: number): Promise<Pair> {
  if (target === 'socketio') return { device: await ioEnd(port, `pair-${i}`), page: await ioEnd(port, `pair-${i}`) };
  if (target === 'ws') return { device: await wsEnd(`ws://127.0.0.1:${port}/pair/${i}/b`), page: await wsEnd(`ws://127.0.0.1:${port}/pair/${i}/a`) };
  const device = await wsEnd(`ws://127.0.0.1:${port}/terminals/bench-${i}/device`, 'gs-webrtc-json');
  const page = await wsEnd(`ws://127.0.0.1:${port}/terminals/bench-${i}`, 'gs-webrtc-json');
  const offer = 'v=0\r\n';
  const taken = new Promise<void>((resolve) => device.onMessage(() => resolve()));
  page.send(JSON.stringify({ createMediaSession: { userName: `u${i}`, reqId: 1, sdp: { length: offer.length, data: offer } } }));
  await taken;
  return { device, page };
}

async function connectAll(target: Target, port: number, n: number): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => connectPair(target, port, i + k)));
    pairs.push(...batch);
  }
  return pairs;
}

/** A frame of about `size` bytes whose reqId is the send time in µs. */
function framer(size: number): () => string {
  const pad = 'a=x-pad:' + 'p'.repeat(Math.max(0, size - 110)) + '\r\n';
  const data = `v=0\r\n${pad}`;
  const tail = `,"sdp":{"length":${data.length},"data":${JSON.stringify(data)}}}}`;
  return () => `{"updateMediaSession":{"reqId":${Math.round(performance.now() * 1000)}${tail}`;
}
const sentAt = (text: string): number => Number(/"reqId":(\d+)/.exec(text)![1]) / 1000;

interface Result {
  target: Target;
  pairs: number;
  size: number;
  mode: Mode;
  msgsPerSecond: number;
  p50: number;
  p99: number;
  /** The server process's CPU time (user + system) per message relayed in the window, µs. */
  cpuPerMessage: number;
}

const CLOCK_TICKS = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** CPU time used so far by process `pid` (user + system), µs, from /proc (Linux). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6; // utime, stime (fields 14 and 15)
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(target: Target, serverPid: number, pairs: Pair[], size: number, mode: Mode): Promise<Result> {
  const frame = framer(size);
  const latencies: number[] = [];
  let received = 0;
  let running = true;
  let measuring = false;
  const timers: NodeJS.Timeout[] = [];
  for (const pair of pairs) {
    pair.device.onMessage((text) => {
      if (!running) return;
      if (measuring) {
        latencies.push(performance.now() - sentAt(text));
        received += 1;
      }
      if (mode === 'load') pair.page.send(frame());
    });
  }
  if (mode === 'load') for (const pair of pairs) pair.page.send(frame());
  else {
    for (const pair of pairs) {
      const start = setTimeout(() => {
        pair.page.send(frame());
        timers.push(setInterval(() => pair.page.send(frame()), 1000 / RATE));
      }, Math.random() * (1000 / RATE));
      timers.push(start);
    }
  }
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  measuring = true;
  const t0 = performance.now();
  const cpu0 = cpuMicros(serverPid);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const cpu = cpuMicros(serverPid) - cpu0;
  const elapsed = (performance.now() - t0) / 1000;
  running = false;
  for (const t of timers) clearInterval(t);
  await new Promise((r) => setTimeout(r, 500)); // drain frames in flight
  const sorted = Float64Array.from(latencies).sort();
  return { target, pairs: pairs.length, size, mode, msgsPerSecond: received / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99), cpuPerMessage: cpu / received };
}

const results: Result[] = [];
const fmt = (r: Result) =>
  `${r.target.padEnd(9)} ${String(r.pairs).padStart(5)} ${String(r.size).padStart(5)} ${r.mode.padEnd(6)} ${r.msgsPerSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${r.cpuPerMessage.toFixed(1).padStart(10)}`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
console.log(
  `relay benchmark: ${SECONDS} s per run after ${WARMUP_MS} ms warm-up, ${REPEAT} round(s) per case (median shown), ` +
    `targets interleaved; paced rate ${RATE}/s per pair; node ${process.version}; load ${loadavg()} (/proc/loadavg)`,
);
console.log('target    pairs  size mode     msgs/s  p50(ms)  p99(ms) cpu µs/msg');
// Every server runs from the start (idle ones cost nothing), so each case runs the targets back to back and a
// burst of load from elsewhere on the machine hits them alike.
const servers = new Map<Target, { child: ChildProcess; port: number }>();
try {
  for (const target of TARGETS) servers.set(target, await startServer(target));
  for (const n of PAIRS) {
    for (const size of SIZES) {
      for (const mode of MODES) {
        const rounds = new Map<Target, Result[]>();
        for (let round = 0; round < REPEAT; round++) {
          for (const target of TARGETS) {
            // Fresh connections for every run, so no listener from a previous run stays attached.
            const pairs = await connectAll(target, servers.get(target)!.port, n);
            const r = await measure(target, servers.get(target)!.child.pid!, pairs, size, mode);
            rounds.set(target, [...(rounds.get(target) ?? []), r]);
            console.log(`  round ${round + 1}: ${fmt(r)}  load ${loadavg()}`);
            for (const p of pairs) {
              p.page.close();
              p.device.close();
            }
            await new Promise((res) => setTimeout(res, 300));
          }
        }
        allRounds.push({ pairs: n, size, mode, rounds });
        for (const target of TARGETS) {
          const rs = rounds.get(target)!;
          const r: Result = {
            target,
            pairs: n,
            size,
            mode,
            msgsPerSecond: median(rs.map((x) => x.msgsPerSecond)),
            p50: median(rs.map((x) => x.p50)),
            p99: median(rs.map((x) => x.p99)),
            cpuPerMessage: median(rs.map((x) => x.cpuPerMessage)),
          };
          results.push(r);
          console.log(fmt(r));
        }
      }
    }
  }
} finally {
  for (const { child } of servers.values()) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

console.log('\nratios (ours / other): msgs/s in load mode, p99 in both modes, server CPU per message in load mode');
for (const n of PAIRS) {
  for (const size of SIZES) {
    for (const mode of MODES) {
      const ours = results.find((r) => r.target === 'ours' && r.pairs === n && r.size === size && r.mode === mode);
      if (!ours) continue;
      const parts = [`${String(n).padStart(5)} pairs ${String(size).padStart(5)} B ${mode.padEnd(6)}`];
      for (const other of ['ws', 'socketio'] as const) {
        const o = results.find((r) => r.target === other && r.pairs === n && r.size === size && r.mode === mode);
        if (!o) continue;
        const load = mode === 'load' ? `msgs/s ${(ours.msgsPerSecond / o.msgsPerSecond).toFixed(2)}×, ` : '';
        const cpu = mode === 'load' ? `, cpu/msg ${(ours.cpuPerMessage / o.cpuPerMessage).toFixed(2)}×` : '';
        parts.push(`ours/${other}: ${load}p99 ${(ours.p99 / o.p99).toFixed(2)}×${cpu}`);
      }
      console.log(parts.join('  '));
    }
  }
}
if (REPEAT > 1) {
  console.log(`\nsame-round ratios (ours / other), each round's figures measured back to back; median of ${REPEAT} rounds last`);
  for (const { pairs, size, mode, rounds } of allRounds) {
    const ours = rounds.get('ours');
    if (!ours) continue;
    for (const other of ['ws', 'socketio'] as const) {
      const o = rounds.get(other);
      if (!o) continue;
      const p99 = ours.map((r, i) => r.p99 / o[i].p99);
      const parts = [`${String(pairs).padStart(5)} pairs ${String(size).padStart(5)} B ${mode.padEnd(6)} ours/${other}: p99 ${p99.map((x) => x.toFixed(2)).join(', ')} → median ${median(p99).toFixed(2)}×`];
      if (mode === 'load') {
        const rate = ours.map((r, i) => r.msgsPerSecond / o[i].msgsPerSecond);
        parts.push(`msgs/s ${rate.map((x) => x.toFixed(2)).join(', ')} → median ${median(rate).toFixed(2)}×`);
      }
      console.log(parts.join('; '));
    }
  }
}
console.log(`load ${loadavg()} (/proc/loadavg) at the end`);
process.exit(0);
