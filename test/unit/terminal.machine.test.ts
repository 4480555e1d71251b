// The terminal (device side) statechart in Node: every state, and every request the device answers with its
// code (PROTOCOL.md "Actions", "Flows", "Codes", "Cancel"; DEVICE.md's "close "), with the host's actions recorded
// (frames sent, the peer connection opened, renegotiated, ended) and xstate's SimulatedClock for the reconnect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock, createActor } from 'xstate';
import { terminalMachine, type TerminalEvent, type TerminalInput } from '../../src/terminal/terminal.machine.js';
import { parseFrame, type Body, type Frame } from '../../src/protocol/index.js';

const OFFER = { length: 5, data: 'v=0\r\n' };

function harness(input: TerminalInput = {}) {
  const sent: Frame[] = [];
  const calls: string[] = [];
  const clock = new SimulatedClock();
  const actor = createActor(
    terminalMachine.provide({
      actions: {
        connect: () => calls.push('connect'),
        disconnect: () => calls.push('disconnect'),
        send: (_, frame) => {
          sent.push(frame);
          calls.push(`send ${frame.action}`);
        },
        prepareSpare: () => calls.push('prepareSpare'),
        openCall: (_, body) => calls.push(`openCall ${body.reqId}`),
        negotiate: (_, body) => calls.push(`negotiate ${body.reqId}`),
        addCandidate: (_, candidate) => calls.push(`addCandidate ${candidate.candidate}`),
        endCall: () => calls.push('endCall'),
        settleReply: (_, frame) => calls.push(`settle ${frame.action} ${frame.body.reqId}`),
      },
    }),
    { input, clock },
  );
  actor.start();
  const send = (event: TerminalEvent) => actor.send(event);
  const frame = (action: string, body: Partial<Body> & { reqId: number }) =>
    send({ type: 'SOCKET.FRAME', frame: { action, body: { userName: 'alice', ...body } } as Frame });
  const value = () => JSON.stringify(actor.getSnapshot().value);
  /** The code of the last frame sent, with its action and reqId. */
  const last = () => {
    const f = sent.at(-1)!;
    return `${f.action} ${f.body.reqId} ${f.body.rspInfo?.rspCode}`;
  };
  const online = () => {
    send({ type: 'START' });
    send({ type: 'SOCKET.OPEN' });
  };
  const inCall = () => {
    online();
    frame('createMediaSession', { reqId: 1, sdp: OFFER });
    send({ type: 'PEER.ANSWER', action: 'createMediaSession', reqId: 1, userName: 'alice', sdp: 'v=0 answer\r\n' });
  };
  return { actor, sent, calls, clock, send, frame, value, last, online, inCall };
}

test('offline → connecting → online; a lost socket waits reconnectMs, then connects again', () => {
  const h = harness({ reconnectMs: 100 });
  assert.equal(h.value(), '{"offline":"stopped"}');
  h.send({ type: 'START' });
  assert.equal(h.value(), '{"offline":"connecting"}');
  assert.deepEqual(h.calls, ['connect']);
  h.send({ type: 'SOCKET.OPEN' });
  assert.equal(h.value(), '"online"');
  assert.deepEqual(h.calls, ['connect', 'prepareSpare']);
  h.send({ type: 'SOCKET.CLOSED' });
  assert.equal(h.value(), '{"offline":"waiting"}');
  h.clock.increment(99);
  assert.equal(h.value(), '{"offline":"waiting"}', 'not before reconnectMs');
  h.clock.increment(1);
  assert.equal(h.value(), '{"offline":"connecting"}');
  assert.equal(h.calls.filter((c) => c === 'connect').length, 2);
  h.send({ type: 'SOCKET.CLOSED' });
  assert.equal(h.value(), '{"offline":"waiting"}', 'a socket that never opened is tried again too');
});

test('reconnectMs 0: a lost socket stays offline; STOP from waiting cancels the reconnect', () => {
  const h = harness({ reconnectMs: 0 });
  h.online();
  h.send({ type: 'SOCKET.CLOSED' });
  assert.equal(h.value(), '{"offline":"stopped"}');
  const r = harness({ reconnectMs: 50 });
  r.online();
  r.send({ type: 'SOCKET.CLOSED' });
  r.send({ type: 'STOP' });
  r.clock.increment(1000);
  assert.equal(r.value(), '{"offline":"stopped"}');
  assert.equal(r.calls.filter((c) => c === 'connect').length, 1);
});

test('createMediaSession: the offer is applied, the call starts with its userName, the answer leaves 200 with its SDP', () => {
  const h = harness();
  h.online();
  h.frame('createMediaSession', { reqId: 7, sdp: OFFER });
  assert.equal(h.value(), '{"inCall":"idle"}');
  assert.equal(h.actor.getSnapshot().context.userName, 'alice');
  assert.ok(h.calls.includes('openCall 7'));
  assert.equal(h.sent.length, 0, 'nothing before the answer');
  h.send({ type: 'PEER.ANSWER', action: 'createMediaSession', reqId: 7, userName: 'alice', sdp: 'v=0 a\r\n' });
  assert.deepEqual(h.sent.at(-1), {
    action: 'createMediaSessionRet',
    body: { userName: 'alice', reqId: 7, sdp: { length: 7, data: 'v=0 a\r\n' }, rspInfo: { rspCode: 200, rspMsg: 'Success' } },
  });
});

test('createMediaSession in a call: 487; a first offer it cannot answer: 488 and no call', () => {
  const h = harness();
  h.inCall();
  h.frame('createMediaSession', { reqId: 2, sdp: OFFER });
  assert.equal(h.last(), 'createMediaSessionRet 2 487');
  assert.equal(h.value(), '{"inCall":"idle"}');
  const f = harness();
  f.online();
  f.frame('createMediaSession', { reqId: 3, sdp: OFFER });
  f.send({ type: 'PEER.FAILED', action: 'createMediaSession', reqId: 3, userName: 'alice' });
  assert.equal(f.last(), 'createMediaSessionRet 3 488');
  assert.equal(f.value(), '"online"');
  assert.deepEqual(f.calls.slice(-3), ['send createMediaSessionRet', 'endCall', 'prepareSpare'], 'the call ends after its 488 left');
});

test('updateMediaSession (a renegotiation or an ICE restart): negotiated in the call, 200 with the answer; 488 keeps the call; 481 outside one', () => {
  const h = harness();
  h.online();
  h.frame('updateMediaSession', { reqId: 1, sdp: OFFER });
  assert.equal(h.last(), 'updateMediaSessionRet 1 481');
  h.frame('createMediaSession', { reqId: 2, sdp: OFFER });
  h.frame('updateMediaSession', { reqId: 3, sdp: OFFER });
  assert.ok(h.calls.includes('negotiate 3'));
  h.send({ type: 'PEER.ANSWER', action: 'updateMediaSession', reqId: 3, sdp: 'v=0\r\n' });
  assert.equal(h.last(), 'updateMediaSessionRet 3 200');
  h.send({ type: 'PEER.FAILED', action: 'updateMediaSession', reqId: 4 });
  assert.equal(h.last(), 'updateMediaSessionRet 4 488');
  assert.equal(h.value(), '{"inCall":"idle"}', 'a failed renegotiation keeps the call');
  assert.equal(h.sent.at(-1)!.body.userName, 'alice', "the call's userName when the request had none");
});

test('ctrlPresentation(1) accepted at once → presenting; again → 106; (0) → 200 and idle; (0) again → 106; other values → 400', () => {
  const h = harness();
  h.inCall();
  h.frame('ctrlPresentation', { reqId: 2, sendPermission: 1 });
  assert.equal(h.last(), 'ctrlPresentationRet 2 200');
  assert.equal(h.value(), '{"inCall":"presenting"}');
  h.frame('ctrlPresentation', { reqId: 3, sendPermission: 1 });
  assert.equal(h.last(), 'ctrlPresentationRet 3 106');
  h.frame('ctrlPresentation', { reqId: 4, sendPermission: 0 });
  assert.equal(h.last(), 'ctrlPresentationRet 4 200');
  assert.equal(h.value(), '{"inCall":"idle"}');
  h.frame('ctrlPresentation', { reqId: 5, sendPermission: 0 });
  assert.equal(h.last(), 'ctrlPresentationRet 5 106');
  h.frame('ctrlPresentation', { reqId: 6, sendPermission: 3 });
  assert.equal(h.last(), 'ctrlPresentationRet 6 400');
});

test('confirmPresentation: ctrlPresentation(1) is held (no reply), 104 to a second; ACCEPT → 200 presenting, DECLINE → 403 idle', () => {
  const h = harness({ confirmPresentation: true });
  h.inCall();
  const before = h.sent.length;
  h.frame('ctrlPresentation', { reqId: 2, sendPermission: 1 });
  assert.equal(h.value(), '{"inCall":"held"}');
  assert.equal(h.actor.getSnapshot().context.heldReqId, 2);
  assert.equal(h.sent.length, before, 'held: not answered yet');
  h.frame('ctrlPresentation', { reqId: 3, sendPermission: 1 });
  assert.equal(h.last(), 'ctrlPresentationRet 3 104');
  h.frame('ctrlPresentation', { reqId: 4, sendPermission: 0 });
  assert.equal(h.last(), 'ctrlPresentationRet 4 106');
  h.send({ type: 'ACCEPT' });
  assert.equal(h.last(), 'ctrlPresentationRet 2 200');
  assert.equal(h.value(), '{"inCall":"presenting"}');
  assert.equal(h.actor.getSnapshot().context.heldReqId, null);
  h.send({ type: 'ACCEPT' });
  assert.equal(h.last(), 'ctrlPresentationRet 2 200', 'nothing held: ACCEPT sends nothing');
  h.frame('ctrlPresentation', { reqId: 5, sendPermission: 0 });
  h.frame('ctrlPresentation', { reqId: 6, sendPermission: 1 });
  h.send({ type: 'DECLINE' });
  assert.equal(h.last(), 'ctrlPresentationRet 6 403');
  assert.equal(h.value(), '{"inCall":"idle"}');
});

test('cancelRequest of the held ctrlPresentation(1): cancelRequestRet 200 then ctrlPresentationRet 489 (cancelFirst), or the other order', () => {
  for (const order of ['cancelFirst', 'ctrlFirst'] as const) {
    const h = harness({ confirmPresentation: true, cancelReplyOrder: order });
    h.inCall();
    h.frame('ctrlPresentation', { reqId: 2, sendPermission: 1 });
    const before = h.sent.length;
    h.frame('cancelRequest', { reqId: 3, sendPermission: 1, cancelReqId: 2, cancelReqCmd: 'ctrlPresentation' });
    const replies = h.sent.slice(before).map((f) => `${f.action} ${f.body.reqId} ${f.body.rspInfo?.rspCode}`);
    const expected = ['cancelRequestRet 3 200', 'ctrlPresentationRet 2 489'];
    assert.deepEqual(replies, order === 'cancelFirst' ? expected : expected.reverse(), order);
    assert.equal(h.value(), '{"inCall":"idle"}');
  }
});

test('cancelRequest of nothing pending: 200, the presentation ends; a held request of another reqId stays held; 481 outside a call', () => {
  const h = harness({ confirmPresentation: true });
  h.online();
  h.frame('cancelRequest', { reqId: 1, cancelReqId: 9 });
  assert.equal(h.last(), 'cancelRequestRet 1 481');
  h.frame('createMediaSession', { reqId: 2, sdp: OFFER });
  h.frame('ctrlPresentation', { reqId: 3, sendPermission: 1 });
  h.frame('cancelRequest', { reqId: 4, cancelReqId: 99 });
  assert.equal(h.last(), 'cancelRequestRet 4 200');
  assert.equal(h.value(), '{"inCall":"held"}');
  h.send({ type: 'ACCEPT' });
  h.frame('cancelRequest', { reqId: 5, cancelReqId: 3 });
  assert.equal(h.last(), 'cancelRequestRet 5 200');
  assert.equal(h.value(), '{"inCall":"idle"}', 'the cancel of an answered request ends the presentation');
});

test('"close " (the original after a late 200 to its cancel) ends the presentation or the held request, keeps the call, answers nothing', () => {
  const h = harness({ confirmPresentation: true });
  h.inCall();
  h.frame('ctrlPresentation', { reqId: 2, sendPermission: 1 });
  const before = h.sent.length;
  const notice = parseFrame('{"close ":{"userName":"alice","reqId":5}}');
  assert.equal(notice.kind, 'frame');
  h.send({ type: 'SOCKET.FRAME', frame: (notice as Extract<typeof notice, { kind: 'frame' }>).frame });
  assert.equal(h.value(), '{"inCall":"idle"}');
  assert.equal(h.sent.length, before);
});

test('destroyMediaSession: 200, then the call ends (the reply leaves first); 481 outside a call', () => {
  const h = harness();
  h.online();
  h.frame('destroyMediaSession', { reqId: 1 });
  assert.equal(h.last(), 'destroyMediaSessionRet 1 481');
  h.frame('createMediaSession', { reqId: 2, sdp: OFFER });
  h.frame('ctrlPresentation', { reqId: 3, sendPermission: 1 });
  const calls = h.calls.length;
  h.frame('destroyMediaSession', { reqId: 4 });
  assert.equal(h.last(), 'destroyMediaSessionRet 4 200');
  assert.equal(h.value(), '"online"');
  assert.deepEqual(h.calls.slice(calls), ['send destroyMediaSessionRet', 'endCall', 'prepareSpare'], 'the reply leaves before the call ends');
  assert.equal(h.actor.getSnapshot().context.userName, null);
});

test('updateCandidate: 200 and applied in a call, 481 outside one; other requests 405; replies settle the terminal’s own requests', () => {
  const h = harness();
  h.online();
  h.frame('updateCandidate', { reqId: 1, candidate: { candidate: 'candidate:1' } });
  assert.equal(h.last(), 'updateCandidateRet 1 481');
  h.frame('sendMessageToUser', { reqId: 2 });
  assert.equal(h.last(), 'sendMessageToUserRet 2 405');
  h.frame('createMediaSession', { reqId: 3, sdp: OFFER });
  h.frame('updateCandidate', { reqId: 4, candidate: { candidate: 'candidate:1' } });
  assert.equal(h.last(), 'updateCandidateRet 4 200');
  assert.ok(h.calls.includes('addCandidate candidate:1'));
  const count = h.sent.length;
  h.frame('ctrlPresentationRet', { reqId: 5, rspInfo: { rspCode: 200, rspMsg: 'OK' } });
  assert.equal(h.sent.length, count, 'a reply is never answered');
  assert.equal(h.calls.at(-1), 'settle ctrlPresentationRet 5');
});

test('a frame the codec refused is answered with its code when it named a request, else not', () => {
  const h = harness();
  h.inCall();
  const bad = parseFrame('{"ctrlPresentation":{"userName":"alice","reqId":"x"}}');
  assert.equal(bad.kind, 'invalid');
  h.send({ type: 'SOCKET.INVALID', parsed: bad as Extract<typeof bad, { kind: 'invalid' }> });
  assert.equal(h.last(), 'ctrlPresentationRet 0 400');
  const count = h.sent.length;
  const junk = parseFrame('not json');
  h.send({ type: 'SOCKET.INVALID', parsed: junk as Extract<typeof junk, { kind: 'invalid' }> });
  assert.equal(h.sent.length, count);
});

test('the page agrees to the terminal’s ctrlPresentation(3) → presenting, to its (2) → idle; HANG_UP, STOP and a lost socket end the call', () => {
  const h = harness();
  h.inCall();
  h.send({ type: 'PAGE.AGREED', sendPermission: 3 });
  assert.equal(h.value(), '{"inCall":"presenting"}');
  h.send({ type: 'PAGE.AGREED', sendPermission: 2 });
  assert.equal(h.value(), '{"inCall":"idle"}');
  h.send({ type: 'HANG_UP' });
  assert.equal(h.value(), '"online"');
  assert.equal(h.calls.filter((c) => c === 'endCall').length, 1);
  const s = harness();
  s.inCall();
  s.send({ type: 'STOP' });
  assert.equal(s.value(), '{"offline":"stopped"}');
  assert.deepEqual(s.calls.slice(-2), ['endCall', 'disconnect'], 'the call ends before the socket closes');
  const l = harness();
  l.inCall();
  l.send({ type: 'SOCKET.CLOSED' });
  assert.equal(l.value(), '{"offline":"waiting"}');
  assert.equal(l.calls.at(-1), 'endCall');
});
