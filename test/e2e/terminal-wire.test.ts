/**
 * Wire-shape tests of what OUR TERMINAL puts on the wire (issue 3, "Proof"; PROTOCOL.md "Transport", "Body
 * fields"): the demo terminal page (`<gs-terminal>` in Chromium) registered with the real signalling server, and
 * a page played from Node — a `ws` client on `/terminals/<id>` with sub-protocol gs-webrtc-json — whose offers
 * come from a real RTCPeerConnection in Chromium (audio, main video, slides: the terminal's fixed m-line order).
 *
 * Each frame the terminal sends is checked twice: the exact text it wrote (its `terminal-frame` events) and the
 * text the page receives through the server. Its replies: createMediaSessionRet / updateMediaSessionRet (with the
 * answer SDP), ctrlPresentationRet, cancelRequestRet, destroyMediaSessionRet, the 405 / 487 refusals; its requests:
 * ctrlPresentation(3) and (2) (requestPresentation() / requestStopPresentation()) and destroyMediaSession(4) with
 * `rspInfo` 502 (hangUp(502)).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { recordTerminalFrames, startHarness, until, type Harness } from './support/harness.js';
import { assertShape, replyShape, BODY_ORDER, type Body, type ShapeSpec } from '../support/wire-shape.js';

const ID = 'e2e-terminal-wire';
let h: Harness;
let terminal: Page;
let offerer: Page;
let socket: WebSocket;
/** Texts the terminal wrote ('out') and read ('in'), from its `terminal-frame` events. */
let written: string[] = [];
/** Texts the Node page received from the server, keep-alives aside. */
const received: string[] = [];
let cursor = 0;

const send = (frame: Record<string, Body>) => socket.send(JSON.stringify(frame));
const parse = (text: string) => JSON.parse(text) as Record<string, Body>;

/** The next frame the page receives, which must be `action`. */
async function next(action: string): Promise<string> {
  assert.ok(await until(async () => received.length > cursor, 10_000), `no ${action} came (after ${received.slice(-3).join(' | ')})`);
  const text = received[cursor++];
  assert.equal(Object.keys(parse(text))[0], action, `expected ${action}, got ${text}`);
  return text;
}

/**
 * Checks one frame of the terminal's: as it wrote it and as relayed, the same JSON of the expected shape.
 * Key order is checked on both texts: the terminal and the server both write bodies in BODY_ORDER.
 */
async function terminalFrame(relayed: string, spec: ShapeSpec): Promise<Body> {
  const body = assertShape(relayed, spec, `${spec.action} (relayed)`);
  assert.ok(await until(async () => written.some((w) => w.startsWith('out ') && sameJson(w.slice(4), relayed))), `the terminal wrote no ${relayed}`);
  const own = written.find((w) => w.startsWith('out ') && sameJson(w.slice(4), relayed))!.slice(4);
  assertShape(own, spec, `${spec.action} (as the terminal wrote it)`);
  return body;
}

function sameJson(a: string, b: string): boolean {
  try {
    assert.deepEqual(JSON.parse(a), JSON.parse(b));
    return true;
  } catch {
    return false;
  }
}

/** A complete offer (all candidates) from the RTCPeerConnection in Chromium. */
const offer = () =>
  offerer.evaluate(async () => {
    const pc = (window as unknown as { pc: RTCPeerConnection }).pc;
    await pc.setLocalDescription(await pc.createOffer());
    const end = Date.now() + 3000;
    while (pc.iceGatheringState !== 'complete' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    return pc.localDescription!.sdp;
  });
const applyAnswer = (sdp: string) =>
  offerer.evaluate((answer) => (window as unknown as { pc: RTCPeerConnection }).pc.setRemoteDescription({ type: 'answer', sdp: answer }), sdp);
/** Calls a method of `<gs-terminal>`; `asked()` resolves with its result. */
const ask = (method: 'requestPresentation' | 'requestStopPresentation' | 'hangUp', reason?: number) =>
  terminal.evaluate(
    ({ method, reason }) => {
      const el = document.querySelector('gs-terminal')!;
      const asked = method === 'hangUp' ? el.hangUp(reason) : el[method]();
      Object.assign(window, { asked });
    },
    { method, reason },
  );
const asked = () => terminal.evaluate(() => (window as unknown as { asked: Promise<{ code: number }> }).asked);
const terminalState = () => terminal.evaluate(() => document.querySelector('gs-terminal')!.state);
/** The terminal's line state right after it answered a bad offer with 488. */
let stateAfterMediaError = '';

before(async () => {
  h = await startHarness();
  terminal = await h.open(`/terminal.html?id=${ID}`);
  written = await recordTerminalFrames(terminal);
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  offerer = await h.open('/');
  await offerer.evaluate(() => {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const slides = pc.addTransceiver('video', { direction: 'inactive' });
    Object.assign(window, { pc, slides });
  });
  socket = new WebSocket(`ws://127.0.0.1:${h.port}/terminals/${ID}`, 'gs-webrtc-json');
  socket.on('message', (data, isBinary) => {
    const text = isBinary ? '<binary>' : data.toString();
    if (text !== '\r\n\r\n' && text !== '\r\n') received.push(text);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  assert.equal(socket.protocol, 'gs-webrtc-json');
});

after(async () => {
  socket?.close();
  await h?.close();
});

test('the terminal\'s replies to a page: createMediaSessionRet, ctrlPresentationRet, updateMediaSessionRet, cancelRequestRet, 405, 487', async () => {
  // An offer the terminal cannot apply: 488, and no sdp.
  const bad = 'v=0\r\nthis is not SDP\r\n';
  send({ createMediaSession: { userName: 'alice', reqId: 1, sdp: { length: bad.length, data: bad } } });
  const mediaError = await terminalFrame(await next('createMediaSessionRet'), replyShape('createMediaSession'));
  assert.deepEqual([mediaError.reqId, (mediaError.rspInfo as Body).rspCode], [1, 488]);
  stateAfterMediaError = await terminalState();
  // The page gives up on that call (destroyMediaSession): 200 while the terminal still holds it, else 481.
  send({ destroyMediaSession: { userName: 'alice', reqId: 10 } });
  const dropped = await terminalFrame(await next('destroyMediaSessionRet'), replyShape('destroyMediaSession'));
  assert.equal(dropped.reqId, 10);
  assert.ok([200, 481].includes((dropped.rspInfo as Body).rspCode as number));
  assert.ok(await until(async () => (await terminalState()) === 'online'));

  const sdp = await offer();
  send({ createMediaSession: { userName: 'alice', reqId: 2, sdp: { length: sdp.length, data: sdp } } });
  const created = await terminalFrame(await next('createMediaSessionRet'), replyShape('createMediaSession', { required: ['userName', 'reqId', 'sdp', 'rspInfo'] }));
  assert.equal(created.reqId, 2);
  assert.deepEqual(created.rspInfo, { rspCode: 200, rspMsg: 'Success' });
  await applyAnswer((created.sdp as { data: string }).data);

  send({ ctrlPresentation: { userName: 'alice', reqId: 3, sendPermission: 1 } });
  const started = await terminalFrame(await next('ctrlPresentationRet'), replyShape('ctrlPresentation'));
  assert.deepEqual([started.reqId, started.rspInfo], [3, { rspCode: 200, rspMsg: 'Success' }]);

  await offerer.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 180;
    canvas.getContext('2d')!.fillRect(0, 0, 320, 180);
    const track = canvas.captureStream(5).getVideoTracks()[0];
    const slides = (window as unknown as { slides: RTCRtpTransceiver }).slides;
    slides.direction = 'sendonly';
    await slides.sender.replaceTrack(track);
  });
  const reoffer = await offer();
  send({ updateMediaSession: { userName: 'alice', reqId: 4, sdp: { length: reoffer.length, data: reoffer } } });
  const updated = await terminalFrame(await next('updateMediaSessionRet'), replyShape('updateMediaSession', { required: ['userName', 'reqId', 'sdp', 'rspInfo'] }));
  assert.deepEqual([updated.reqId, updated.rspInfo], [4, { rspCode: 200, rspMsg: 'Success' }]);
  await applyAnswer((updated.sdp as { data: string }).data);

  send({ ctrlPresentation: { userName: 'alice', reqId: 5, sendPermission: 1 } });
  const again = await terminalFrame(await next('ctrlPresentationRet'), replyShape('ctrlPresentation'));
  assert.deepEqual([again.reqId, (again.rspInfo as Body).rspCode], [5, 106], 'a repeated start: 106');

  send({ ctrlPresentation: { userName: 'alice', reqId: 6, sendPermission: 0 } });
  const stopped = await terminalFrame(await next('ctrlPresentationRet'), replyShape('ctrlPresentation'));
  assert.deepEqual([stopped.reqId, stopped.rspInfo], [6, { rspCode: 200, rspMsg: 'Success' }]);

  send({ cancelRequest: { userName: 'alice', reqId: 7, sendPermission: 1, cancelReqId: 3, cancelReqCmd: 'ctrlPresentation' } });
  const cancelled = await terminalFrame(await next('cancelRequestRet'), replyShape('cancelRequest'));
  assert.deepEqual([cancelled.reqId, (cancelled.rspInfo as Body).rspCode], [7, 200]);

  send({ updateUserList: { userName: 'alice', reqId: 8 } });
  const unsupported = await terminalFrame(await next('updateUserListRet'), replyShape('updateUserList'));
  assert.deepEqual([unsupported.reqId, (unsupported.rspInfo as Body).rspCode], [8, 405]);

  send({ createMediaSession: { userName: 'alice', reqId: 9, sdp: { length: reoffer.length, data: reoffer } } });
  const twice = await terminalFrame(await next('createMediaSessionRet'), replyShape('createMediaSession'));
  assert.deepEqual([twice.reqId, (twice.rspInfo as Body).rspCode], [9, 487], 'already in the call: 487, no sdp');
});

test('the terminal\'s requests: ctrlPresentation(3), ctrlPresentation(2), destroyMediaSession(4) with rspInfo 502', async () => {
  await ask('requestPresentation');
  const start = await terminalFrame(await next('ctrlPresentation'), { action: 'ctrlPresentation', required: ['userName', 'reqId', 'sendPermission'] });
  assert.equal(start.sendPermission, 3);
  assert.equal(start.userName, 'alice', 'the userName of the page in the call');
  send({ ctrlPresentationRet: { userName: 'alice', reqId: start.reqId as number, rspInfo: { rspCode: 200, rspMsg: 'Success' } } });
  assert.equal((await asked()).code, 200);

  await ask('requestStopPresentation');
  const stop = await terminalFrame(await next('ctrlPresentation'), { action: 'ctrlPresentation', required: ['userName', 'reqId', 'sendPermission'] });
  assert.equal(stop.sendPermission, 2);
  assert.ok((stop.reqId as number) > (start.reqId as number), 'the terminal\'s reqIds count up');
  send({ ctrlPresentationRet: { userName: 'alice', reqId: stop.reqId as number, rspInfo: { rspCode: 403, rspMsg: 'Refused' } } });
  assert.equal((await asked()).code, 403);

  await ask('hangUp', 502);
  const bye = await terminalFrame(await next('destroyMediaSession'), { action: 'destroyMediaSession', required: ['userName', 'reqId', 'sdp', 'rspInfo'] });
  assert.equal((bye.rspInfo as Body).rspCode, 502);
  assert.equal(typeof (bye.rspInfo as Body).rspMsg, 'string');
  assert.deepEqual(Object.keys(bye.rspInfo as Body), ['rspCode', 'rspMsg']);
  send({ destroyMediaSessionRet: { userName: 'alice', reqId: bye.reqId as number, rspInfo: { rspCode: 200, rspMsg: 'Success' } } });
  assert.equal((await asked()).code, 200, 'the page\'s destroyMediaSessionRet reaches the terminal');
  assert.ok(await until(async () => (await terminalState()) === 'online'));
});

test('the terminal\'s destroyMediaSessionRet when the page hangs up', async () => {
  await offerer.evaluate(() => {
    (window as unknown as { pc: RTCPeerConnection }).pc.close();
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'inactive' });
    Object.assign(window, { pc });
  });
  const sdp = await offer();
  send({ createMediaSession: { userName: 'alice', reqId: 20, sdp: { length: sdp.length, data: sdp } } });
  const created = await terminalFrame(await next('createMediaSessionRet'), replyShape('createMediaSession', { required: ['userName', 'reqId', 'sdp', 'rspInfo'] }));
  assert.equal((created.rspInfo as Body).rspCode, 200);
  send({ destroyMediaSession: { userName: 'alice', reqId: 21 } });
  const bye = await terminalFrame(await next('destroyMediaSessionRet'), replyShape('destroyMediaSession'));
  assert.deepEqual([bye.reqId, bye.rspInfo], [21, { rspCode: 200, rspMsg: 'Success' }]);
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
});

test('every frame the terminal wrote, in the order userName, reqId, sdp, …, rspInfo', () => {
  const outs = written.filter((w) => w.startsWith('out ')).map((w) => w.slice(4));
  assert.ok(outs.length >= 10);
  for (const text of outs) {
    const [action] = Object.keys(parse(text));
    const keys = Object.keys(parse(text)[action]);
    const order = keys.map((k) => BODY_ORDER.indexOf(k as (typeof BODY_ORDER)[number]));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), text.slice(0, 120));
  }
});

test('PROTOCOL.md: every body carries userName — also the terminal\'s replies', () => {
  const replies = written.filter((w) => w.startsWith('out ')).map((w) => parse(w.slice(4))).filter((f) => Object.keys(f)[0].endsWith('Ret'));
  assert.ok(replies.length >= 8);
  for (const reply of replies) assert.equal(typeof Object.values(reply)[0].userName, 'string', JSON.stringify(reply).slice(0, 120));
});

test('a terminal that answered createMediaSession with 488 is not left in a call', () => {
  assert.equal(stateAfterMediaError, 'online');
});
