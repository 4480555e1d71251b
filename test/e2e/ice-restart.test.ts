/**
 * ICE restart end to end (src/session/ice-restart.ts; DEVICE.md "Up to 3 ICE restarts"): Debian's coturn on
 * loopback, both the sharer and the demo terminal in Chromium with `iceTransportPolicy: 'relay'`, so every packet
 * of the call goes through coturn. Killing coturn mid-presentation is the network change: the sharer's peer
 * connection goes disconnected, the element restarts ICE through updateMediaSession, and
 * - coturn started again (same port and secret): the terminal decodes frames again, in the same `<video>` (no
 *   loadstart), on the same call (one createMediaSession) and the same peer connection;
 * - coturn left down: after the last try the call ends 488, the capture track is ended, the peer connection
 *   closed, the terminal freed and the server holds no line.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, terminalFramesDecoded, until, type Harness } from './support/harness.js';
import { startCoturn, type Coturn } from './support/turn.js';

let turn: Coturn;
let h: Harness;

before(async () => {
  turn = await startCoturn();
  h = await startHarness({ turn: { secret: turn.secret, urls: [turn.url], ttlSeconds: 600 } });
});

after(async () => {
  await h?.close();
  await turn?.close();
});

type Seen = { sent: string[]; events: { name: string; code: number }[]; loadstarts: number };
const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: Seen }).seen);
/** A frame's action and body (the wire form is `{ "<action>": body }`, PROTOCOL.md "Transport"). */
function parse(text: string): { action: string; body: { sdp?: { data: string } } } {
  const wire = JSON.parse(text) as Record<string, { sdp?: { data: string } }>;
  const action = Object.keys(wire).find((key) => key !== 'local_line')!;
  return { action, body: wire[action] };
}
/** Actions of the frames the sharer sent, in order. */
const sentActions = async (sharer: Page) => (await seen(sharer)).sent.map((text) => parse(text).action);
const count = (actions: string[], action: string) => actions.filter((a) => a === action).length;

/** An online demo terminal and a sharer presenting to it, both relay only; returns both pages. */
async function presentThroughTurn(id: string): Promise<{ terminal: Page; sharer: Page }> {
  const terminal = await h.open(`/terminal.html?id=${id}-boot`);
  await terminal.evaluate(async () => {
    const { iceServers } = await (await fetch('/turn-credentials')).json();
    const t = document.querySelector('gs-terminal')!;
    t.rtcConfiguration = { iceServers, iceTransportPolicy: 'relay' };
  });
  await terminal.evaluate((tid) => (document.querySelector('gs-terminal')!.terminalId = tid), id);
  assert.ok(await until(async () => (await terminal.evaluate(() => document.querySelector('gs-terminal')!.state)) === 'online'));
  const sharer = await h.open(`/?id=${id}`);
  const codes = await sharer.evaluate(async () => {
    const w = window as unknown as { seen: Seen; pc: RTCPeerConnection; track: MediaStreamTrack };
    w.seen = { sent: [], events: [], loadstarts: 0 };
    // Every frame the page sends, to count createMediaSession / updateMediaSession.
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string) {
      if (typeof data === 'string' && data.startsWith('{')) w.seen.sent.push(data);
      return send.call(this, data);
    } as typeof send;
    const el = document.querySelector('gs-screen-share')!;
    for (const name of ['hangup', 'error']) el.addEventListener(name, (e) => w.seen.events.push({ name, code: (e as CustomEvent).detail.code }));
    el.rtcConfiguration = { iceTransportPolicy: 'relay' };
    el.iceServersUrl = '/turn-credentials';
    const call = await el.call();
    const share = await el.beginScreen();
    w.pc = el.peerConnection!;
    w.track = el.localStream!.getVideoTracks()[0];
    return [call.code, share.code, w.pc.getConfiguration().iceTransportPolicy];
  });
  assert.deepEqual(codes, [200, 200, 'relay']);
  assert.ok(await until(async () => (await terminalFramesDecoded(terminal)) >= 20, 20_000), 'the terminal decodes the screen through coturn');
  return { terminal, sharer };
}

/** The sharer's public state and its peer connection's connectionState, for failure messages. */
const now = (sharer: Page) =>
  sharer.evaluate(() => `${document.querySelector('gs-screen-share')!.state}, ${(window as unknown as { pc: RTCPeerConnection }).pc.connectionState}`);

/** Kills coturn and waits until the sharer's ICE is lost and its first ICE-restart offer has gone (updateMediaSession #2). */
async function loseTurn(sharer: Page): Promise<void> {
  await turn.stop('SIGKILL');
  const lost = await until(() => sharer.evaluate(() => ['disconnected', 'failed'].includes((window as unknown as { pc: RTCPeerConnection }).pc.connectionState)), 30_000);
  assert.ok(lost, 'the sharer\'s peer connection notices coturn is gone');
  const restarted = await until(async () => count(await sentActions(sharer), 'updateMediaSession') >= 2, 30_000);
  assert.ok(restarted, `the element restarts ICE through updateMediaSession (sent ${await sentActions(sharer)}; ${await now(sharer)})`);
}

test('coturn lost mid-presentation and back: ICE restarts and frames resume at the terminal, same call, same <video>', async () => {
  const { terminal, sharer } = await presentThroughTurn('ice-back');
  await terminal.evaluate(() => {
    const w = window as unknown as { video: HTMLVideoElement; seen: Seen };
    w.seen = { sent: [], events: [], loadstarts: 0 };
    w.video = document.querySelector('gs-terminal')!.video!;
    w.video.addEventListener('loadstart', () => w.seen.loadstarts++);
  });

  await loseTurn(sharer);
  const stalled = await terminalFramesDecoded(terminal);
  await turn.start();
  const resumed = await until(async () => (await terminalFramesDecoded(terminal)) >= stalled + 30, 40_000);
  const where = async () =>
    `${await terminalFramesDecoded(terminal)}; sharer ${await now(sharer)}, sent ${await sentActions(sharer)}, events ${JSON.stringify((await seen(sharer)).events)}; ` +
    `terminal ${await terminal.evaluate(() => `${document.querySelector('gs-terminal')!.state} ${document.querySelector('gs-terminal')!.peerConnection?.connectionState}`)}`;
  assert.ok(resumed, `frames resume at the terminal (${stalled} → ${await where()})`);

  const actions = await sentActions(sharer);
  assert.equal(count(actions, 'createMediaSession'), 1, 'the same call: no new createMediaSession');
  assert.ok(!actions.includes('destroyMediaSession'));
  const restartOffers = (await seen(sharer)).sent
    .map(parse)
    .filter((f) => f.action === 'updateMediaSession')
    .map((f) => /a=ice-ufrag:(\S+)/.exec(f.body.sdp?.data ?? '')?.[1]);
  assert.equal(new Set(restartOffers).size, restartOffers.length, `every restart offer has new ICE credentials: ${restartOffers}`);
  const sharerNow = await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    const w = window as unknown as { pc: RTCPeerConnection; track: MediaStreamTrack; seen: Seen };
    return { state: el.state, samePc: el.peerConnection === w.pc, pc: w.pc.connectionState, track: w.track.readyState, events: w.seen.events };
  });
  assert.deepEqual(sharerNow, { state: 'presenting', samePc: true, pc: 'connected', track: 'live', events: [] });
  const terminalNow = await terminal.evaluate(() => {
    const w = window as unknown as { video: HTMLVideoElement; seen: Seen };
    const t = document.querySelector('gs-terminal')!;
    return { state: t.state, sameVideo: t.video === w.video, loadstarts: w.seen.loadstarts, playing: !w.video.paused };
  });
  assert.deepEqual(terminalNow, { state: 'inCall', sameVideo: true, loadstarts: 0, playing: true });
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.hangUp())).code, 200);
});

test('coturn lost and not back: after the last ICE restart the call ends 488 and everything is released', async () => {
  const { terminal, sharer } = await presentThroughTurn('ice-gone');
  assert.equal(h.server.stats().sessions, 1);
  await loseTurn(sharer);
  const ended = await until(async () => (await seen(sharer)).events.some((e) => e.name === 'hangup'), 60_000);
  assert.ok(ended, 'the call ends');
  const { events } = await seen(sharer);
  assert.deepEqual(events.filter((e) => e.name === 'hangup').map((e) => e.code), [488]);
  assert.ok(events.some((e) => e.name === 'error' && e.code === 488), 'error 488 as well');
  const actions = await sentActions(sharer);
  assert.equal(count(actions, 'updateMediaSession'), 1 + 3, 'the slides offer, then 3 ICE restarts');
  assert.equal(actions.at(-1), 'destroyMediaSession');
  const released = await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    const w = window as unknown as { pc: RTCPeerConnection; track: MediaStreamTrack };
    return { state: el.state, stream: el.localStream, pc: el.peerConnection, track: w.track.readyState, signaling: w.pc.signalingState };
  });
  assert.deepEqual(released, { state: 'failed', stream: null, pc: null, track: 'ended', signaling: 'closed' });
  assert.ok(await until(async () => h.server.stats().sessions === 0), 'the server holds no line');
  assert.ok(await until(async () => (await terminal.evaluate(() => document.querySelector('gs-terminal')!.state)) === 'online'), 'the terminal is freed');
  await turn.start();
});
