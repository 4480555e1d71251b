/**
 * Removing a live `<gs-room>` or `<gs-video-call>` from its page releases everything it holds: every track it
 * captured or received ends, every RTCPeerConnection closes, and the real server holds no member for it any more
 * (its stats and GET /healthz), while the other member hears that it left.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, until, type Harness } from './support/harness.js';
import { framesFrom, joinByForm, memberIdOf, roomState } from './support/room.js';

let h: Harness;

before(async () => {
  h = await startHarness();
});

after(async () => {
  await h?.close();
});

const healthMembers = async () => ((await (await fetch(`${h.origin}/healthz`)).json()) as { members: number }).members;

/** What the page's element `tag` holds now (tracks, peer connections), kept in window to look at after removal. */
const keep = (page: Page, tag: 'gs-room' | 'gs-video-call') =>
  page.evaluate((tag) => {
    const w = window as unknown as { kept: { tracks: MediaStreamTrack[]; pcs: RTCPeerConnection[] } };
    if (tag === 'gs-room') {
      const el = document.querySelector('gs-room')!;
      const remote = el.participants.flatMap((p) => [...(p.camera?.getTracks() ?? []), ...(p.screen?.getTracks() ?? [])]);
      w.kept = {
        tracks: [...(el.localStream?.getTracks() ?? []), ...(el.screenStream?.getTracks() ?? []), ...remote],
        pcs: el.participants.map((p) => el.connectionTo(p.memberId)!).filter(Boolean),
      };
    } else {
      const el = document.querySelector('gs-video-call')!;
      w.kept = { tracks: [...(el.localStream?.getTracks() ?? []), ...(el.remoteStream?.getTracks() ?? [])], pcs: el.peerConnection ? [el.peerConnection] : [] };
    }
    return { tracks: w.kept.tracks.length, pcs: w.kept.pcs.length };
  }, tag);

const leftovers = (page: Page) =>
  page.evaluate(() => {
    const { tracks, pcs } = (window as unknown as { kept: { tracks: MediaStreamTrack[]; pcs: RTCPeerConnection[] } }).kept;
    return { liveTracks: tracks.filter((t) => t.readyState !== 'ended').length, openConnections: pcs.filter((pc) => pc.connectionState !== 'closed').length };
  });

test('a <gs-room> removed while in a room with a member, publishing and sharing: all released, the server forgets it', async () => {
  const a = await h.open('/room.html?room=e2e-release');
  const b = await h.open('/room.html?room=e2e-release');
  await joinByForm(a, 'Ann');
  assert.ok(await until(async () => (await roomState(a)) === 'joined'));
  await joinByForm(b, 'Bob');
  assert.ok(await until(async () => (await roomState(b)) === 'joined'));
  const aId = await memberIdOf(a);
  assert.ok(await until(async () => (await framesFrom(b, aId)) >= 10, 20_000), 'Bob decodes Ann');
  assert.ok(await until(async () => (await framesFrom(a, await memberIdOf(b))) >= 10, 20_000), 'Ann decodes Bob');
  assert.equal((await a.evaluate(() => document.querySelector('gs-room')!.shareScreen())).code, 200);
  assert.deepEqual(await keep(a, 'gs-room'), { tracks: 5, pcs: 1 }, 'camera + mic + screen, and Bob’s camera + mic, over one link');
  assert.equal(h.server.stats().members, 2);
  await b.evaluate(() => {
    const w = window as unknown as { memberLeft: string[] };
    w.memberLeft = [];
    document.querySelector('gs-room')!.addEventListener('member-left', (e) => w.memberLeft.push(e.detail.reason ?? ''));
  });

  await a.evaluate(() => document.querySelector('gs-room')!.remove());
  const released = await until(async () => {
    const l = await leftovers(a);
    return l.liveTracks === 0 && l.openConnections === 0 ? l : null;
  }, 5_000);
  assert.ok(released, `released: ${JSON.stringify(await leftovers(a))}`);
  assert.ok(await until(async () => h.server.stats().members === 1, 5_000), `the server holds ${h.server.stats().members} members`);
  assert.equal(await healthMembers(), 1);
  assert.ok(await until(() => b.evaluate(() => document.querySelector('gs-room')!.participants.length === 0)), 'Bob no longer sees Ann');
  assert.deepEqual(await b.evaluate(() => (window as unknown as { memberLeft: string[] }).memberLeft), ['left']);
  await b.evaluate(() => document.querySelector('gs-room')!.leave());
  assert.ok(await until(async () => h.server.stats().members === 0));
});

test('a <gs-video-call> removed during a call: all released, the server forgets it, the other side’s call ends', async () => {
  const a = await h.open('/call.html?room=e2e-release-call');
  const b = await h.open('/call.html?room=e2e-release-call');
  for (const [page, name] of [[a, 'Alice'], [b, 'Bob']] as const) {
    assert.equal((await page.evaluate((name) => document.querySelector('gs-video-call')!.join('e2e-release-call', name), name)).code, 200);
  }
  const bId = await b.evaluate(() => document.querySelector('gs-video-call')!.memberId);
  assert.ok(await until(() => a.evaluate(() => document.querySelector('gs-video-call')!.members.length === 1)));
  assert.equal((await a.evaluate((id) => document.querySelector('gs-video-call')!.call(id), bId)).code, 200);
  assert.ok(await until(() => b.evaluate(() => document.querySelector('gs-video-call')!.state === 'incoming')));
  assert.equal((await b.evaluate(() => document.querySelector('gs-video-call')!.accept())).code, 200);
  const flowing = await until(
    () => a.evaluate(() => {
      const el = document.querySelector('gs-video-call')!;
      return el.state === 'active' && (el.remoteStream?.getTracks().length ?? 0) === 2 && (el.localStream?.getTracks().length ?? 0) === 2;
    }),
    20_000,
  );
  assert.ok(flowing, 'the call is active with both cameras');
  assert.deepEqual(await keep(a, 'gs-video-call'), { tracks: 4, pcs: 1 });
  assert.equal(h.server.stats().members, 2);

  await a.evaluate(() => document.querySelector('gs-video-call')!.remove());
  const released = await until(async () => {
    const l = await leftovers(a);
    return l.liveTracks === 0 && l.openConnections === 0 ? l : null;
  }, 5_000);
  assert.ok(released, `released: ${JSON.stringify(await leftovers(a))}`);
  assert.ok(await until(async () => h.server.stats().members === 1, 5_000), `the server holds ${h.server.stats().members} members`);
  assert.equal(await healthMembers(), 1);
  assert.ok(await until(() => b.evaluate(() => document.querySelector('gs-video-call')!.state === 'idle')), 'Bob’s call ended');
  const end = await b.evaluate(() => document.querySelector('gs-video-call')!.lastEnd);
  assert.ok(end === 'remote-hangup' || end === 'peer-left', `Bob's call ended as ${end}`);
  assert.equal(await b.evaluate(() => document.querySelector('gs-video-call')!.localStream), null, 'Bob’s camera is stopped too');
});
