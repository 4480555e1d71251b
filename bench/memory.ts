/**
 * Memory per idle connected pair (prints figures; not a test): starts a fresh server process, reads its RSS,
 * connects N page↔device pairs (each page holding its line after createMediaSession), waits for things to settle,
 * reads the RSS again and prints (after − before) / N. The bare `ws` relay (bench/relay-baselines.ts) is measured
 * the same way for reference.
 *
 *   node --import tsx bench/memory.ts [--pairs 1000,5000] [--targets ours,ws] [--settle-ms 3000]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { SERVER_NODE_FLAGS } from './server-node-flags.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '1000,5000' },
    targets: { type: 'string', default: 'ours,ws' },
    'settle-ms': { type: 'string', default: '3000' },
  },
});
const SETTLE = Number(values['settle-ms']);

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]);
}

function start(target: string): Promise<{ child: ChildProcess; port: number }> {
  const args =
    target === 'ours'
      ? ['--import', 'tsx', 'src/server/main.ts', '--port', '0', '--host', '127.0.0.1', '--no-rate-limits', '--log-level', 'error', '--static-dir', repoRoot]
      : ['--import', 'tsx', 'bench/relay-baselines.ts', 'ws'];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /server on http:\/\/localhost:(\d+)|listening (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1] ?? m[2]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

function open(url: string, protocols: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('open', () => resolve(ws));
  });
}

async function pair(target: string, port: number, i: number): Promise<WebSocket[]> {
  if (target === 'ws') return [await open(`ws://127.0.0.1:${port}/pair/${i}/b`, []), await open(`ws://127.0.0.1:${port}/pair/${i}/a`, [])];
  const device = await open(`ws://127.0.0.1:${port}/terminals/m-${i}/device`, ['gs-webrtc-json']);
  const page = await open(`ws://127.0.0.1:${port}/terminals/m-${i}`, ['gs-webrtc-json']);
  const taken = new Promise((resolve) => device.once('message', resolve));
  page.send(JSON.stringify({ createMediaSession: { userName: `u${i}`, reqId: 1, sdp: { length: 4, data: 'v=0\n' } } }));
  await taken;
  return [device, page];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
console.log(`memory per idle pair: RSS of the server process before and after connecting N pairs (settle ${SETTLE} ms); node ${process.version}`);
console.log('target    pairs  before(MiB)  after(MiB)  per pair(KiB)');
for (const target of values.targets!.split(',')) {
  for (const n of values.pairs!.split(',').map(Number)) {
    const { child, port } = await start(target);
    await sleep(SETTLE);
    const before = rssKiB(child.pid!);
    const sockets: WebSocket[] = [];
    for (let i = 0; i < n; i += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, k) => pair(target, port, i + k)));
      sockets.push(...batch.flat());
    }
    await sleep(SETTLE);
    const after = rssKiB(child.pid!);
    console.log(
      `${target.padEnd(9)} ${String(n).padStart(5)} ${(before / 1024).toFixed(1).padStart(12)} ${(after / 1024).toFixed(1).padStart(11)} ${((after - before) / n).toFixed(1).padStart(14)}`,
    );
    for (const ws of sockets) ws.terminate();
    child.kill('SIGTERM');
    await sleep(300);
  }
}
process.exit(0);
