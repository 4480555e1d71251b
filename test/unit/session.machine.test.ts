import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from 'xstate';
import { createHarness } from '../support/scripted-actors.js';
import { publicState } from '../../src/session/public-state.js';

const state = (h: ReturnType<typeof createHarness>) => publicState(h.actor.getSnapshot());
const last = (h: ReturnType<typeof createHarness>, type = 'result') => [...h.results].reverse().find((r) => r.type === type);

test('call: createMediaSession with the offer, connected on the 200 answer', async () => {
  const h = createHarness();
  assert.equal(state(h), 'idle');
  h.actor.send({ type: 'CALL', url: 'ws://localhost:1/terminals/t1', userName: 'alice' });
  assert.equal(state(h), 'calling');
  assert.ok(h.live.signalling && h.live.peer);
  h.terminal.open();
  await h.flush();
  assert.deepEqual(h.sent[0], { action: 'createMediaSession', body: { userName: 'alice', reqId: 1, sdp: { length: 5, data: 'v=0\r\n' } } });
  h.terminal.reply('createMediaSession');
  await h.flush();
  assert.equal(state(h), 'connected');
  assert.deepEqual(last(h), { type: 'result', op: 'call', code: 200, message: 'Success' });
});

test('call with an invalid address answers 300 and stays idle', () => {
  const h = createHarness();
  for (const url of ['', 'http://x', 'not a url', 'ws://']) {
    h.actor.send({ type: 'CALL', url });
    assert.equal(last(h)?.code, 300, url);
    assert.equal(state(h), 'idle');
  }
  assert.equal(h.live.signalling, false);
});

test('call answered 486 fails with 486 and releases socket and peer', async () => {
  const h = createHarness();
  h.actor.send({ type: 'CALL', url: 'ws://localhost:1/terminals/t1' });
  h.terminal.open();
  await h.flush();
  h.terminal.reply('createMediaSession', 486);
  await h.flush();
  assert.equal(state(h), 'failed');
  assert.equal(last(h)?.code, 486);
  assert.deepEqual(h.live, { signalling: false, peer: false, capture: false });
});

test('call without any answer times out with 408', async () => {
  const clock = new SimulatedClock();
  const h = createHarness({ clock, requestTimeoutMs: 30 });
  h.actor.send({ type: 'CALL', url: 'ws://localhost:1/terminals/t1' });
  h.terminal.open();
  await h.flush();
  clock.increment(29);
  await h.flush();
  assert.equal(state(h), 'calling', 'not before the timeout');
  clock.increment(1);
  await h.flush();
  assert.equal(state(h), 'failed');
  assert.equal(last(h)?.code, 408);
});

test('a socket that closes while calling fails the call with 302', async () => {
  const h = createHarness();
  h.actor.send({ type: 'CALL', url: 'ws://localhost:1/terminals/t1' });
  h.terminal.close();
  await h.flush();
  assert.equal(state(h), 'failed');
  assert.deepEqual(last(h), { type: 'result', op: 'call', code: 302, message: 'The WebSocket was disconnected' });
});

test('beginScreen: capture → ctrlPresentation(1) → updateMediaSession → presenting', async () => {
  const h = createHarness();
  await h.connect();
  h.actor.send({ type: 'BEGIN_SCREEN' });
  await h.flush();
  assert.equal(state(h), 'presenting');
  assert.deepEqual(h.sent.at(-1), { action: 'ctrlPresentation', body: { userName: 'tester', reqId: 2, sendPermission: 1 } });
  h.terminal.reply('ctrlPresentation');
  await h.flush();
  assert.equal(h.sent.at(-1)?.action, 'updateMediaSession');
  assert.deepEqual(h.peerCommands.map((c) => c.type), ['CREATE_OFFER', 'APPLY_ANSWER', 'SET_SLIDES', 'CREATE_OFFER']);
  h.terminal.reply('updateMediaSession');
  await h.flush();
  assert.equal(state(h), 'presenting');
  assert.ok(h.actor.getSnapshot().matches({ inCall: { sharing: { presenting: 'live' } } }));
  assert.deepEqual(last(h), { type: 'result', op: 'beginScreen', code: 200, message: 'Success' });
});

test('capture refused: 303 and no signalling', async () => {
  const h = createHarness({ capture: { outcome: 303 } });
  await h.connect();
  const before = h.sent.length;
  h.actor.send({ type: 'BEGIN_SCREEN' });
  await h.flush();
  assert.equal(state(h), 'connected');
  assert.equal(last(h)?.code, 303);
  assert.equal(h.sent.length, before);
  assert.equal(h.live.capture, false);
});

test('ctrlPresentationRet 403 releases the capture and reports 403', async () => {
  const h = createHarness();
  await h.connect();
  h.actor.send({ type: 'BEGIN_SCREEN' });
  await h.flush();
  h.terminal.reply('ctrlPresentation', 403);
  await h.flush();
  assert.equal(state(h), 'connected');
  assert.equal(last(h)?.code, 403);
  assert.equal(h.tracks[0].readyState, 'ended');
});

test('no ctrlPresentationRet for 35 s (the original\'s wait): cancelRequest, 489, capture released', async () => {
  const clock = new SimulatedClock();
  const h = createHarness({ clock });
  await h.connect();
  h.actor.send({ type: 'BEGIN_SCREEN' });
  await h.flush();
  const asked = h.sent.at(-1)!;
  assert.equal(asked.action, 'ctrlPresentation');
  // The request timeout (200 ms here) does not apply: a device's user is being asked.
  clock.increment(34_999);
  await h.flush();
  assert.equal(state(h), 'presenting');
  assert.equal(h.sent.at(-1), asked);
  clock.increment(1);
  await h.flush();
  assert.equal(h.sent.at(-1)?.action, 'cancelRequest');
  assert.equal(h.sent.at(-1)?.body.cancelReqId, asked.body.reqId);
  assert.equal(last(h)?.code, 489);
  assert.equal(h.live.capture, false);
  h.terminal.reply('cancelRequest');
  await h.flush();
  assert.equal(state(h), 'connected');
});

test('the present timeout is a setting (present-timeout)', async () => {
  const clock = new SimulatedClock();
  const h = createHarness({ clock, presentTimeoutMs: 5000 });
  await h.connect();
  h.actor.send({ type: 'BEGIN_SCREEN' });
  await h.flush();
  clock.increment(5000);
  await h.flush();
  assert.equal(h.sent.at(-1)?.action, 'cancelRequest');
});

for (const order of ['cancelRequestRet first', 'ctrlPresentationRet 200 first'] as const) {
  test(`a late 200 after a cancel (${order}) is closed with ctrlPresentation(0), not left open`, async () => {
    const h = createHarness();
    await h.connect();
    h.actor.send({ type: 'BEGIN_SCREEN' });
    await h.flush();
    const asked = h.sent.at(-1)!;
    h.actor.send({ type: 'STOP_SCREEN' });
    await h.flush();
    assert.equal(h.sent.at(-1)?.action, 'cancelRequest');
    const late = () => h.terminal.send({ action: 'ctrlPresentationRet', body: { reqId: asked.body.reqId, rspInfo: { rspCode: 200, rspMsg: 'OK' } } });
    if (order === 'cancelRequestRet first') {
      h.terminal.reply('cancelRequest');
      await h.flush();
      assert.equal(state(h), 'connected');
      late();
    } else {
      late();
      await h.flush();
      h.terminal.reply('cancelRequest');
    }
    await h.flush();
    assert.equal(state(h), 'connected');
    const stops = h.sent.filter((f) => f.action === 'ctrlPresentation' && f.body.sendPermission === 0);
    assert.equal(stops.length, 1, 'one ctrlPresentation(0)');
    // A 489 (the usual reply) sends nothing more; a second late 200 neither.
    late();
    await h.flush();
    assert.equal(h.sent.filter((f) => f.action === 'ctrlPresentation' && f.body.sendPermission === 0).length, 1);
  });
}

test('pause and resume touch only the peer, never the wire', async () => {
  const h = createHarness();
  await h.connect();
  await h.present();
  const before = h.sent.length;
  h.actor.send({ type: 'PAUSE', mute: true });
  assert.equal(state(h), 'paused');
  h.actor.send({ type: 'PAUSE', mute: true });
  assert.equal(last(h)?.code, 106);
  h.actor.send({ type: 'PAUSE', mute: false });
  assert.equal(state(h), 'presenting');
  await h.flush();
  assert.equal(h.sent.length, before);
  const pauses = h.peerCommands.filter((c) => c.type === 'SET_PAUSED');
  assert.deepEqual(pauses, [{ type: 'SET_PAUSED', paused: true }, { type: 'SET_PAUSED', paused: false }]);
});

/** A harness presenting, then told to stop: the chart in `stopping`, waiting for the terminal's ctrlPresentation reply. */
async function stoppingHarness() {
  const h = createHarness();
  await h.connect();
  await h.present();
  h.actor.send({ type: 'STOP_SCREEN' });
  await h.flush();
  assert.equal(state(h), 'stopping');
  return h;
}

test('stopScreen: track off the sender, capture stopped, ctrlPresentation(0), back to connected', async () => {
  const h = await stoppingHarness();
  assert.equal(h.tracks[0].readyState, 'ended');
  assert.deepEqual(h.peerCommands.at(-1), { type: 'SET_SLIDES', track: null });
  assert.deepEqual(h.sent.at(-1)?.body.sendPermission, 0);
  h.actor.send({ type: 'STOP_SCREEN' });
  assert.equal(last(h)?.code, 105);
  h.terminal.reply('ctrlPresentation');
  await h.flush();
  assert.equal(state(h), 'connected');
  assert.deepEqual(last(h), { type: 'result', op: 'stopScreen', code: 200, message: 'OK' });
});

test("the browser's own Stop sharing takes the same stop flow", async () => {
  const h = createHarness();
  await h.connect();
  await h.present();
  h.endCaptureByBrowser();
  await h.flush();
  assert.equal(state(h), 'stopping');
  assert.equal(h.sent.at(-1)?.body.sendPermission, 0);
});

test('hangUp: destroyMediaSession, then idle with every actor released', async () => {
  const h = createHarness();
  await h.connect();
  await h.present();
  h.actor.send({ type: 'HANG_UP' });
  await h.flush();
  assert.equal(state(h), 'hangingUp');
  assert.equal(h.sent.at(-1)?.action, 'destroyMediaSession');
  assert.equal(h.live.capture, false);
  h.terminal.reply('destroyMediaSession');
  await h.flush();
  assert.equal(state(h), 'idle');
  assert.deepEqual(h.live, { signalling: false, peer: false, capture: false });
  assert.equal(last(h, 'ended')?.code, 200);
});

test('the terminal hangs up with 502: the reply goes out before the socket closes', async () => {
  const h = createHarness();
  await h.connect();
  h.terminal.send({ action: 'destroyMediaSession', body: { reqId: 77, rspInfo: { rspCode: 502, rspMsg: 'line needed' } } });
  await h.flush();
  assert.deepEqual(h.sent.at(-1), { action: 'destroyMediaSessionRet', body: { userName: 'tester', reqId: 77, rspInfo: { rspCode: 200, rspMsg: 'Success' } } });
  assert.equal(state(h), 'idle');
  assert.deepEqual(last(h, 'ended'), { type: 'ended', code: 502, message: 'line needed' });
  assert.equal(h.live.signalling, false);
});

test('socket lost while presenting: 302, capture and peer released', async () => {
  const h = createHarness();
  await h.connect();
  await h.present();
  h.terminal.close();
  await h.flush();
  assert.equal(state(h), 'failed');
  assert.equal(last(h, 'ended')?.code, 302);
  assert.deepEqual(h.live, { signalling: false, peer: false, capture: false });
  assert.equal(h.tracks[0].readyState, 'ended');
});

test('commands out of place get their codes: 481 idle, 487 call twice, 104 starting, 106 no stream', async () => {
  const h = createHarness({ capture: { outcome: 'hang' } });
  h.actor.send({ type: 'BEGIN_SCREEN' });
  assert.equal(last(h)?.code, 481);
  h.actor.send({ type: 'HANG_UP' });
  assert.equal(last(h)?.code, 481);
  await h.connect();
  h.actor.send({ type: 'CALL', url: 'ws://localhost:1/terminals/t1' });
  assert.equal(last(h)?.code, 487);
  h.actor.send({ type: 'STOP_SCREEN' });
  assert.equal(last(h)?.code, 106);
  h.actor.send({ type: 'BEGIN_SCREEN' });
  h.actor.send({ type: 'BEGIN_SCREEN' });
  assert.equal(last(h)?.code, 104);
});

test('an unsupported terminal request is answered 405', async () => {
  const h = createHarness();
  await h.connect();
  h.terminal.send({ action: 'sendMessageToUser', body: { reqId: 5 } });
  await h.flush();
  assert.deepEqual(h.sent.at(-1)?.body.rspInfo?.rspCode, 405);
  assert.equal(state(h), 'connected');
});

test('cancel: capture ended before ctrlPresentationRet sends cancelRequest; both reply orders end in connected', async () => {
  for (const order of [['ctrlPresentation', 'cancelRequest'], ['cancelRequest', 'ctrlPresentation']] as const) {
    const h = createHarness();
    await h.connect();
    h.actor.send({ type: 'BEGIN_SCREEN' });
    await h.flush();
    const ctrl = h.sent.at(-1)!;
    h.endCaptureByBrowser();
    await h.flush();
    assert.equal(state(h), 'cancelling');
    assert.deepEqual(h.sent.at(-1)?.body, { userName: 'tester', reqId: ctrl.body.reqId + 1, sendPermission: 1, cancelReqId: ctrl.body.reqId, cancelReqCmd: 'ctrlPresentation' });
    assert.equal(h.tracks[0].readyState, 'ended');
    h.terminal.reply(order[0], order[0] === 'ctrlPresentation' ? 489 : 200);
    await h.flush();
    h.terminal.reply(order[1], order[1] === 'ctrlPresentation' ? 489 : 200);
    await h.flush();
    assert.equal(state(h), 'connected', order.join(' then '));
    assert.deepEqual(h.actor.getSnapshot().context.pending, {});
  }
});

const ctrl = (reqId: number, sendPermission: 0 | 1 | 2 | 3) => ({ action: 'ctrlPresentation' as const, body: { reqId, sendPermission } });
const replyCode = (h: ReturnType<typeof createHarness>, reqId: number) =>
  h.sent.find((f) => f.action === 'ctrlPresentationRet' && f.body.reqId === reqId)?.body.rspInfo?.rspCode;

test('terminal asks to present (3): host accepts → capture → 200 → updateMediaSession → presenting', async () => {
  const h = createHarness();
  await h.connect();
  h.terminal.send(ctrl(40, 3));
  await h.flush();
  assert.equal(state(h), 'asked');
  assert.deepEqual(last(h, 'terminalRequest'), { type: 'terminalRequest', kind: 'shareScreen', code: 200, message: 'Success' });
  h.terminal.send(ctrl(41, 3));
  await h.flush();
  assert.equal(replyCode(h, 41), 104, 'a second ask while the first is pending');
  h.actor.send({ type: 'ANSWER_REQUEST', accept: true });
  await h.flush();
  assert.equal(replyCode(h, 40), 200);
  assert.equal(h.sent.at(-1)?.action, 'updateMediaSession');
  assert.equal(h.sent.filter((f) => f.action === 'ctrlPresentation').length, 0, 'no ctrlPresentation(1) of our own');
  h.terminal.reply('updateMediaSession');
  await h.flush();
  assert.equal(state(h), 'presenting');
  assert.equal(last(h)?.code, 200);
  h.terminal.send(ctrl(42, 3));
  await h.flush();
  assert.equal(replyCode(h, 42), 106, 'ask while presenting');
});

test('terminal asks to present: refused → 403, capture never opened', async () => {
  const h = createHarness();
  await h.connect();
  h.terminal.send(ctrl(50, 3));
  await h.flush();
  h.actor.send({ type: 'ANSWER_REQUEST', accept: false });
  await h.flush();
  assert.equal(replyCode(h, 50), 403);
  assert.equal(state(h), 'connected');
  assert.equal(h.tracks.length, 0);
});

test('terminal asks to present: no answer in 30 s → 408 to the terminal (PROTOCOL.md: 3xx never on the wire), 308 locally', async () => {
  const clock = new SimulatedClock();
  const h = createHarness({ clock });
  await h.connect();
  h.terminal.send(ctrl(60, 3));
  await h.flush();
  clock.increment(29_999);
  await h.flush();
  assert.equal(state(h), 'asked');
  clock.increment(1);
  await h.flush();
  assert.equal(replyCode(h, 60), 408);
  assert.equal(last(h)?.code, 308);
  assert.equal(state(h), 'connected');
});

test('terminal asks to present: capture outlasting the timeout → 408 to the terminal, 308 locally, capture released', async () => {
  const clock = new SimulatedClock();
  const h = createHarness({ clock, shareRequestTimeoutMs: 30_000, capture: { outcome: 'hang' } });
  await h.connect();
  h.terminal.send(ctrl(61, 3));
  await h.flush();
  h.actor.send({ type: 'ANSWER_REQUEST', accept: true });
  await h.flush();
  clock.increment(30_000);
  await h.flush();
  assert.equal(replyCode(h, 61), 408);
  assert.equal(last(h)?.code, 308);
  assert.equal(h.live.capture, false);
});

test('terminal asks to present: capture refused by the user → 303 to the terminal (as the original), 303 locally', async () => {
  const h = createHarness({ capture: { outcome: 303 } });
  await h.connect();
  h.terminal.send(ctrl(62, 3));
  await h.flush();
  h.actor.send({ type: 'ANSWER_REQUEST', accept: true });
  await h.flush();
  assert.equal(replyCode(h, 62), 303);
  assert.equal(last(h)?.code, 303);
});

test('terminal asks to stop (2): accepted → 200, no ctrlPresentation(0), capture released; refused → 403', async () => {
  const h = createHarness();
  await h.connect();
  h.terminal.send(ctrl(70, 2));
  await h.flush();
  assert.equal(replyCode(h, 70), 106, 'nothing presented: 106 (PROTOCOL.md "Duplicates")');
  await h.present();
  h.terminal.send(ctrl(71, 2));
  await h.flush();
  assert.deepEqual(last(h, 'terminalRequest')?.kind, 'stopShareScreen');
  h.terminal.send(ctrl(72, 2));
  await h.flush();
  assert.equal(replyCode(h, 72), 105, 'a second stop ask while the first is in progress');
  h.actor.send({ type: 'ANSWER_REQUEST', accept: false });
  await h.flush();
  assert.equal(replyCode(h, 71), 403);
  assert.equal(state(h), 'presenting');
  h.terminal.send(ctrl(73, 2));
  await h.flush();
  const sentBefore = h.sent.filter((f) => f.action === 'ctrlPresentation').length;
  h.actor.send({ type: 'ANSWER_REQUEST', accept: true });
  await h.flush();
  assert.equal(replyCode(h, 73), 200);
  assert.equal(state(h), 'connected');
  assert.equal(h.sent.filter((f) => f.action === 'ctrlPresentation').length, sentBefore);
  assert.equal(h.tracks.at(-1)?.readyState, 'ended');
  assert.deepEqual(last(h), { type: 'result', op: 'stopScreen', code: 200, message: 'Success' });
  // The terminal repeats its (2) after the stop was answered: 106 (PROTOCOL.md "Duplicates").
  h.terminal.send(ctrl(74, 2));
  await h.flush();
  assert.equal(replyCode(h, 74), 106);
});

test('terminal hangs up (4): the host hears hangupRequest with the reason before the call ends', async () => {
  const h = createHarness();
  await h.connect();
  h.terminal.send({ action: 'destroyMediaSession', body: { reqId: 80, rspInfo: { rspCode: 501, rspMsg: 'replaced' } } });
  await h.flush();
  const kinds = h.results.map((r) => r.type).slice(-2);
  assert.deepEqual(kinds, ['terminalRequest', 'ended']);
  assert.equal(last(h, 'terminalRequest')?.code, 501);
  assert.equal(last(h, 'ended')?.code, 501);
});

test('trickle ICE: local candidates go out in updateCandidate without waiting; terminal candidates reach the peer and get 200', async () => {
  const h = createHarness();
  await h.connect();
  const pending = { ...h.actor.getSnapshot().context.pending };
  h.actor.send({ type: 'PEER.CANDIDATE', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
  await h.flush();
  const frame = h.sent.at(-1)!;
  assert.equal(frame.action, 'updateCandidate');
  assert.deepEqual(frame.body.candidate, { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 });
  assert.deepEqual(h.actor.getSnapshot().context.pending, pending, 'fire and forget');
  h.terminal.send({ action: 'updateCandidate', body: { reqId: 90, candidate: { candidate: 'candidate:2 1 udp 1 127.0.0.1 5001 typ host', sdpMid: '1' } } });
  await h.flush();
  assert.deepEqual(h.peerCommands.at(-1), { type: 'ADD_CANDIDATE', candidate: { candidate: 'candidate:2 1 udp 1 127.0.0.1 5001 typ host', sdpMid: '1' } });
  assert.equal(h.sent.at(-1)?.action, 'updateCandidateRet');
  assert.equal(h.sent.at(-1)?.body.rspInfo?.rspCode, 200);
});

test('while the page stops presenting: a pause says 106, a terminal\'s (2) hears 105 (PROTOCOL.md "Codes", "Duplicates")', async () => {
  const h = await stoppingHarness();
  const stops = h.sent.length;
  for (const mute of [true, false]) {
    h.actor.send({ type: 'PAUSE', mute });
    assert.deepEqual([last(h)?.op, last(h)?.code], ['pausePresent', 106], `pausePresent(${mute})`);
    assert.equal(state(h), 'stopping');
  }
  assert.equal(h.peerCommands.filter((c) => c.type === 'SET_PAUSED').length, 0, 'nothing paused');
  h.terminal.send(ctrl(75, 2));
  await h.flush();
  assert.equal(replyCode(h, 75), 105);
  assert.equal(h.sent.length, stops + 1, 'only the reply');
  h.terminal.reply('ctrlPresentation');
  await h.flush();
  assert.equal(state(h), 'connected');
});
