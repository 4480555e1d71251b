/**
 * One conference through Janus across two server nodes (docs/sfu.md "Several machines"): both nodes share Debian's
 * redis-server (one member list) and one Janus. A member on node A and one on node B are in the same Janus room
 * (its id and secret follow from the room's name and the admin key, so either node finds it), and each decodes the
 * other's camera. The first node's last member leaving keeps the room for the other node's member; the last one
 * out anywhere destroys it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { type Child, freePort, startChild } from '../unit/server-support.js';
import { demoDir, startHarness, until, type Harness } from './support/harness.js';
import { startJanus, smallCamera, type RunningJanus } from './support/janus.js';
import { framesFrom, joinByForm, memberIdOf, roomState, tileIds } from './support/room.js';
import { createSignallingServer, type SignallingServer } from '../../src/server/server.js';

const ROOM = 'e2e-two-nodes';
let redis: Child;
let janus: RunningJanus;
let recDir: string;
let h: Harness;
let nodeB: SignallingServer;
let originB: string;

before(async () => {
  const port = await freePort();
  redis = startChild('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await redis.waitFor(/Ready to accept connections/);
  const redisUrl = `redis://127.0.0.1:${port}`;
  janus = await startJanus({ rtpPortRange: '23000-24999' });
  recDir = mkdtempSync(path.join(tmpdir(), 'gs-rec-'));
  const sfu = { url: janus.url, adminKey: janus.adminKey, recDir };
  h = await startHarness({ redisUrl, nodeId: 'a', sfu });
  nodeB = createSignallingServer({ staticDir: demoDir, redisUrl, nodeId: 'b', sfu });
  originB = `http://localhost:${await nodeB.listen(0, '127.0.0.1')}`;
  await Promise.all([h.server.ready, nodeB.ready]);
});

after(async () => {
  await h?.close();
  await nodeB?.close();
  await janus?.stop();
  await redis?.kill('SIGTERM');
  rmSync(recDir, { recursive: true, force: true });
});

async function member(origin: string, name: string): Promise<{ page: Page; id: string }> {
  const page = await h.openUrl(`${origin}/room.html?room=${ROOM}`);
  await smallCamera(page);
  await joinByForm(page, name);
  assert.ok(await until(async () => (await roomState(page)) === 'joined', 20_000), `${name} joined`);
  return { page, id: await memberIdOf(page) };
}

test('a member on node A and one on node B share one Janus room and decode each other; the room outlives one node\'s last member', async () => {
  const alice = await member(h.origin, 'Alice');
  const bob = await member(originB, 'Bob');
  assert.notEqual(alice.id, bob.id);
  assert.equal(h.server.sfu!.roomOf(ROOM)!.id, nodeB.sfu!.roomOf(ROOM)!.id, 'both nodes use the same Janus room');
  assert.ok(await until(async () => ((await framesFrom(alice.page, bob.id)) >= 10 ? 1 : 0), 30_000, 250), 'Alice (node A) decodes Bob (node B)');
  assert.ok(await until(async () => ((await framesFrom(bob.page, alice.id)) >= 10 ? 1 : 0), 30_000, 250), 'Bob (node B) decodes Alice (node A)');
  assert.deepEqual((await h.server.sfu!.participants(ROOM))?.sort(), [alice.id, bob.id].sort(), 'Janus has both feeds in one room');

  // Alice leaves: node A has nobody left, but Bob is still in the room, so the Janus room stays.
  await alice.page.locator('gs-room [part~="leave-button"]').click();
  assert.ok(await until(async () => !(await tileIds(bob.page)).includes(alice.id), 15_000, 200), "Alice's tile goes on Bob's page");
  // Node A kicks Alice's feed after telling the room she left: wait for Janus to have only Bob.
  const still = await until(async () => JSON.stringify(await nodeB.sfu!.participants(ROOM)) === JSON.stringify([bob.id]), 10_000, 200);
  assert.ok(still, `the Janus room is still there, with Bob only: ${JSON.stringify(await nodeB.sfu!.participants(ROOM))}`);

  // Carol joins on node A again: she finds the room node B keeps, and sees Bob.
  const carol = await member(h.origin, 'Carol');
  assert.ok(await until(async () => ((await framesFrom(carol.page, bob.id)) >= 10 ? 1 : 0), 30_000, 250), 'Carol (node A) decodes Bob');
  assert.ok(await until(async () => ((await framesFrom(bob.page, carol.id)) >= 10 ? 1 : 0), 30_000, 250), 'Bob decodes Carol');

  for (const { page } of [carol, bob]) await page.locator('gs-room [part~="leave-button"]').click();
  assert.ok(await until(async () => (await h.server.sfu!.participants(ROOM).catch(() => null)) === null, 10_000, 250), 'the last one out destroys the Janus room');
});
