/**
 * A member's network drop in a conference through Janus (the issue: "a member's network drop removes its feed for
 * the others"). Carol's page runs in a Chromium of its own, which is frozen (SIGSTOP on the browser and every
 * child process): its WebSocket and its media stop without a TCP close or an ICE goodbye, as when the network
 * goes. (Playwright's context.setOffline() is DevTools network emulation: it leaves RTCPeerConnections untouched,
 * so it cannot stand for a drop here.) Our server's heartbeat (2 s in this test) finds the socket dead; Carol's
 * feed is kicked from Janus, and Alice's and Bob's tiles for her go within a bound; nothing of her stays behind.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import { chromiumArgs, until } from './support/harness.js';
import { framesFrom, joinByForm, memberIdOf, roomState, tileIds } from './support/room.js';
import { smallCamera, startSfuHarness } from './support/janus.js';

const ROOM = 'e2e-drop';
const HEARTBEAT_MS = 2_000;
/** Two heartbeat periods to find the dead socket, then the kick and Janus's event: well under this. */
const DROP_BOUND_MS = 3 * HEARTBEAT_MS + 4_000;
let env: Awaited<ReturnType<typeof startSfuHarness>>;
let carolServer: BrowserServer;
let carolBrowser: Browser;
const pages: Record<string, Page> = {};
const ids: Record<string, string> = {};

/** The pid and every descendant pid of `pid`. */
function tree(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    /* ps exits 1 when `pid` has no child */
  }
  const children = out.split('\n').map(Number).filter((n) => n > 0);
  return [pid, ...children.flatMap(tree)];
}

let frozen: number[] = [];
const signal = (pids: number[], sig: NodeJS.Signals) => pids.forEach((p) => { try { process.kill(p, sig); } catch { /* gone */ } });

before(async () => {
  env = await startSfuHarness({ heartbeatIntervalMs: HEARTBEAT_MS });
  carolServer = await chromium.launchServer({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: chromiumArgs });
  carolBrowser = await chromium.connect(carolServer.wsEndpoint());
});

after(async () => {
  signal(frozen, 'SIGCONT');
  await carolBrowser?.close().catch(() => {});
  await carolServer?.close().catch(() => {});
  await env?.close();
});

async function prepare(page: Page): Promise<Page> {
  await smallCamera(page);
  return page;
}

test('three members through Janus; Carol\'s network drops: her tile goes on Alice\'s and Bob\'s pages within the bound, and nothing of her stays', async () => {
  pages.A = await prepare(await env.h.open(`/room.html?room=${ROOM}`));
  pages.B = await prepare(await env.h.open(`/room.html?room=${ROOM}`));
  const carolContext = await carolBrowser.newContext();
  pages.C = await prepare(await carolContext.newPage().then(async (p) => (await p.goto(`${env.h.origin}/room.html?room=${ROOM}`), p)));
  for (const [who, name] of [['A', 'Alice'], ['B', 'Bob'], ['C', 'Carol']] as const) {
    await joinByForm(pages[who], name);
    assert.ok(await until(async () => (await roomState(pages[who])) === 'joined', 15_000), `${who} joined`);
    ids[who] = await memberIdOf(pages[who]);
  }
  for (const viewer of ['A', 'B'] as const) {
    const frames = await until(async () => ((await framesFrom(pages[viewer], ids.C)) >= 10 ? 1 : 0), 30_000, 250);
    assert.ok(frames, `${viewer} decodes Carol before the drop`);
  }
  assert.deepEqual((await env.h.server.sfu!.participants(ROOM))?.sort(), [ids.A, ids.B, ids.C].sort(), 'Janus has the three feeds');

  frozen = tree(carolServer.process().pid!);
  signal(frozen, 'SIGSTOP');
  const dropped = Date.now();
  for (const viewer of ['A', 'B'] as const) {
    const gone = await until(async () => !(await tileIds(pages[viewer])).includes(ids.C), DROP_BOUND_MS, 200);
    assert.ok(gone, `${viewer} drops Carol's tile within ${DROP_BOUND_MS} ms`);
  }
  const tookMs = Date.now() - dropped;
  console.log(`# Carol's tile gone on both pages ${tookMs} ms after the drop (heartbeat ${HEARTBEAT_MS} ms)`);

  assert.equal(env.h.server.stats().members, 2, 'our room has Alice and Bob only');
  assert.equal(env.h.server.sfu!.roomOf(ROOM)!.members, 2, 'Carol\'s Janus access is gone');
  assert.deepEqual((await env.h.server.sfu!.participants(ROOM))?.sort(), [ids.A, ids.B].sort(), 'Janus has no feed of Carol');
  for (const viewer of ['A', 'B'] as const) {
    const left = await pages[viewer].evaluate((c) => document.querySelector('gs-room')!.participants.filter((p) => p.memberId === c).length, ids.C);
    assert.equal(left, 0, `${viewer} lists no Carol`);
  }
  // Alice and Bob still see each other.
  const before = await framesFrom(pages.A, ids.B);
  assert.ok(await until(async () => (await framesFrom(pages.A, ids.B)) > before + 5, 10_000, 250), 'A still decodes B');
});
