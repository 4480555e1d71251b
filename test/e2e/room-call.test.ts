/**
 * The 1:1 video call end to end (seeds 002, 004): two browser contexts sign in to one lobby room through the real
 * server, and every way a call can go ends with both sides idle, every track stopped and the peer connection
 * closed: accept then caller hangs up, decline, caller cancels while ringing, callee hangs up, and ICE lost
 * beyond the grace period.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, until, type Harness } from './support/harness.js';

let h: Harness;
let A: Page;
let B: Page;
let ids: { A: string; B: string };

const el = (p: Page) => p.evaluate(() => ({ state: document.querySelector('gs-video-call')!.state, lastEnd: document.querySelector('gs-video-call')!.lastEnd }));
const waitState = async (p: Page, state: string) => assert.ok(await until(async () => (await el(p)).state === state, 15_000), `state ${state}, got ${(await el(p)).state}`);

async function signIn(page: Page, user: string): Promise<string> {
  await page.evaluate(() => {
    const call = document.querySelector('gs-video-call')!;
    const seen: { name: string; detail: unknown }[] = [];
    (window as unknown as { callEvents: typeof seen }).callEvents = seen;
    for (const name of ['incoming-call', 'state-change', 'call-ended']) call.addEventListener(name, (e) => seen.push({ name, detail: (e as CustomEvent).detail }));
  });
  await page.locator('gs-video-call input[name="user"]').fill(user);
  await page.locator('gs-video-call [part~="join"] button').click();
  await waitState(page, 'idle');
  return page.evaluate(() => document.querySelector('gs-video-call')!.memberId);
}

const ended = (p: Page) =>
  p.evaluate(() =>
    (window as unknown as { callEvents: { name: string; detail: { reason: string } }[] }).callEvents.filter((e) => e.name === 'call-ended').map((e) => e.detail.reason),
  );

/** Remote frames decoded in the call. */
const framesDecoded = (p: Page) =>
  p.evaluate(async () => {
    const pc = document.querySelector('gs-video-call')!.peerConnection;
    if (!pc) return 0;
    let frames = 0;
    (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
    });
    return frames;
  });

/** The call link's negotiation state, for failure messages. */
const describeLink = (p: Page) =>
  p.evaluate(() => {
    const el = document.querySelector('gs-video-call')!;
    const pc = el.peerConnection;
    return JSON.stringify({
      state: el.state,
      sig: pc?.signalingState,
      ice: pc?.iceConnectionState,
      polite: el.memberId,
      remote: pc?.remoteDescription?.sdp.match(/a=candidate/g)?.length,
      local: pc?.localDescription?.sdp.match(/a=candidate/g)?.length,
      transceivers: pc?.getTransceivers().map((t) => [t.mid, t.direction, t.currentDirection, t.sender.track?.kind]),
    });
  });

const remoteLit = (p: Page) =>
  p.evaluate(() => {
    const video = document.querySelector('gs-video-call')!.shadowRoot!.querySelector<HTMLVideoElement>('[part~="remote-video"]');
    if (!video || !video.videoWidth) return 0;
    const c = document.createElement('canvas');
    c.width = video.videoWidth;
    c.height = video.videoHeight;
    const g = c.getContext('2d')!;
    g.drawImage(video, 0, 0);
    let lit = 0;
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) {
      const [r, gr, b] = g.getImageData(((i + 0.5) * c.width) / 8, ((j + 0.5) * c.height) / 8, 1, 1).data;
      if (r + gr + b > 48) lit++;
    }
    return lit;
  });

/** Keeps the call's tracks and connection in window, to check after the end that all are stopped/closed. */
const keep = (p: Page) =>
  p.evaluate(() => {
    const call = document.querySelector('gs-video-call')!;
    Object.assign(window, { kept: { tracks: [...(call.localStream?.getTracks() ?? []), ...(call.remoteStream?.getTracks() ?? [])], pc: call.peerConnection } });
  });
const leftovers = (p: Page) =>
  p.evaluate(() => {
    const { tracks, pc } = (window as unknown as { kept: { tracks: MediaStreamTrack[]; pc: RTCPeerConnection | null } }).kept;
    const call = document.querySelector('gs-video-call')!;
    return {
      tracks: tracks.length,
      live: tracks.filter((t) => t.readyState !== 'ended').length,
      pc: pc?.signalingState ?? 'none',
      localStream: call.localStream === null,
      peerConnection: call.peerConnection === null,
    };
  });

async function assertCleanEnd(...pages: Page[]) {
  for (const p of pages) {
    await waitState(p, 'idle');
    const l = await until(async () => {
      const x = await leftovers(p);
      return x.live === 0 ? x : null;
    }, 5_000);
    assert.ok(l, `every track stopped: ${JSON.stringify(await leftovers(p))}`);
    assert.deepEqual({ ...l, tracks: l.tracks >= 4 }, { tracks: true, live: 0, pc: 'closed', localStream: true, peerConnection: true });
  }
}

async function connectCall(caller: Page, calleeId: string, callee: Page) {
  assert.equal((await caller.evaluate((id) => document.querySelector('gs-video-call')!.call(id), calleeId)).code, 200);
  await waitState(caller, 'outgoing');
  await waitState(callee, 'incoming');
  assert.equal(await callee.locator('gs-video-call [part~="incoming"]').isVisible(), true, 'the callee sees the incoming call');
  await callee.locator('gs-video-call [part~="accept-button"]').click();
  await waitState(callee, 'active');
  await waitState(caller, 'active');
  for (const p of [caller, callee]) {
    const frames = await until(async () => ((await framesDecoded(p)) >= 20 ? framesDecoded(p) : 0), 20_000);
    assert.ok(frames >= 20, `framesDecoded ${frames}: caller ${await describeLink(caller)} callee ${await describeLink(callee)}`);
    assert.ok(await until(async () => (await remoteLit(p)) >= 16), 'the remote video is not black');
  }
  await keep(caller);
  await keep(callee);
}

before(async () => {
  h = await startHarness();
  A = await h.open('/call.html?room=e2e-call&grace=2000');
  B = await h.open('/call.html?room=e2e-call&grace=2000');
  ids = { A: await signIn(A, 'Alice'), B: await signIn(B, 'Bob') };
  assert.ok(await until(() => A.evaluate(() => document.querySelector('gs-video-call')!.members.length === 1)));
});

after(async () => {
  await h?.close();
});

test('accept: both decode each other; the caller hangs up; both idle, every track stopped', async () => {
  await connectCall(A, ids.B, B);
  await A.locator('gs-video-call [part~="hangup-button"]').click();
  await assertCleanEnd(A, B);
  assert.deepEqual([await ended(A), await ended(B)], [['hangup'], ['remote-hangup']]);
});

test('decline: the caller ends as declined; no camera was opened on either side', async () => {
  await A.evaluate((id) => document.querySelector('gs-video-call')!.call(id), ids.B);
  await waitState(B, 'incoming');
  await B.locator('gs-video-call [part~="decline-button"]').click();
  await waitState(A, 'idle');
  await waitState(B, 'idle');
  assert.deepEqual([(await ended(A)).at(-1), (await ended(B)).at(-1)], ['declined', 'rejected']);
  for (const p of [A, B]) assert.equal(await p.evaluate(() => document.querySelector('gs-video-call')!.localStream), null);
});

test('the caller cancels while it rings: the callee stops ringing', async () => {
  await A.evaluate((id) => document.querySelector('gs-video-call')!.call(id), ids.B);
  await waitState(B, 'incoming');
  assert.equal(await A.locator('gs-video-call [part~="hangup-button"]').textContent().then((t) => t?.trim()), 'Cancel');
  await A.locator('gs-video-call [part~="hangup-button"]').click();
  await waitState(A, 'idle');
  await waitState(B, 'idle');
  assert.deepEqual([(await ended(A)).at(-1), (await ended(B)).at(-1)], ['cancelled', 'remote-cancelled']);
  assert.equal(await B.locator('gs-video-call [part~="incoming"]').isVisible(), false);
});

test('the callee hangs up: both idle, every track stopped', async () => {
  await connectCall(B, ids.A, A);
  // Here A is the callee.
  await A.evaluate(() => document.querySelector('gs-video-call')!.hangUp());
  await assertCleanEnd(A, B);
  assert.deepEqual([(await ended(A)).at(-1), (await ended(B)).at(-1)], ['hangup', 'remote-hangup']);
});

test('ICE lost beyond the grace period ends the call on both sides', async () => {
  await connectCall(A, ids.B, B);
  // B's network "goes away": its connection closes without any signal.
  const started = Date.now();
  await B.evaluate(() => document.querySelector('gs-video-call')!.peerConnection!.close());
  await waitState(A, 'idle');
  const elapsed = Date.now() - started;
  assert.equal((await ended(A)).at(-1), 'link-failed');
  await assertCleanEnd(A, B);
  assert.equal((await ended(B)).at(-1), 'remote-hangup');
  console.log(`# call ended ${elapsed} ms after the peer's connection vanished (grace 2000 ms)`);
});
