/**
 * Wire-shape tests of what OUR PAGE puts on the wire (issue 3, "Proof"; PROTOCOL.md "Transport", "Body fields"):
 * the session chart with the REAL signalling actor over `ws`, its frames captured as text at a scripted terminal
 * (a `ws` server in this process), each checked for its exact shape: one top-level key (the action), the body keys
 * exactly as expected and in order, userName, reqId (an integer counting up per session), sdp { length, data }
 * with length = data.length, sendPermission, rspInfo { rspCode, rspMsg }, cancelReqId / cancelReqCmd.
 *
 * The last tests pin points where PROTOCOL.md asks more than a minimal frame: userName on replies too,
 * sendPermission on cancelRequest, sdp on the page's destroyMediaSession.
 */
import { after, before, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor, fromCallback, SimulatedClock, type AnyActorRef, type InspectionEvent } from 'xstate';
import { sessionMachine } from '../../src/session/session.machine.js';
import { runSignalling } from '../../src/session/actors/signalling.js';
import { Code, describeCode, replyTo, sdpField, serialiseFrame, type Frame, type RequestAction } from '../../src/protocol/index.js';
import type { SessionEmitted, SignallingCommand } from '../../src/session/types.js';
import { ScriptedTerminal, until } from '../support/model-terminal.js';
import { createControlledActors, NodeWebSocketConstructor } from '../support/model-actors.js';
import { assertShape, replyShape, type Body } from '../support/wire-shape.js';

/** A page offer with a non-ASCII character, so that a byte count would not pass for the character count. */
const OFFER = 'v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\ns=Bildschirm – Präsentation\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n';
const REOFFER = `${OFFER}m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:2\r\na=content:slides\r\n`;
const ANSWER = 'v=0\r\no=- 7 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n';
const TIMEOUT_MS = 1000;

let terminal: ScriptedTerminal;
let lines = 0;
before(async () => {
  terminal = await ScriptedTerminal.start();
});
after(async () => {
  await terminal?.stop();
});

/** A page (the chart, real signalling, scripted peer and capture) calling a fresh scripted line. */
function page(userName = 'alice') {
  const line = terminal.line(`wire-${++lines}`);
  const { controls, actors } = createControlledActors();
  const clock = new SimulatedClock();
  const processed: string[] = [];
  let root: AnyActorRef | undefined;
  const actor = createActor(sessionMachine.provide({ actors }), {
    input: { userName, requestTimeoutMs: TIMEOUT_MS, shareRequestTimeoutMs: TIMEOUT_MS },
    clock,
    inspect: (ev: InspectionEvent) => {
      if (root && ev.actorRef === root && ev.type === '@xstate.snapshot') processed.push(ev.event.type);
    },
  });
  root = actor;
  const emitted: SessionEmitted[] = [];
  actor.on('*', (e) => emitted.push(e as SessionEmitted));
  actor.start();
  const at = (value: Parameters<ReturnType<typeof actor.getSnapshot>['matches']>[0]) => actor.getSnapshot().matches(value);
  const p = {
    actor,
    line,
    controls,
    clock,
    emitted,
    at,
    /** The n-th frame (1-based, keep-alives aside) the terminal got from the page, once it is there. */
    async frame(n: number): Promise<string> {
      assert.ok(await until(() => line.frames.length >= n), `frame ${n} never came; got ${line.frames.join(' | ')}`);
      return line.frames[n - 1];
    },
    /** The last frame so far, once `count` frames came. */
    async last(count = line.frames.length + 1): Promise<string> {
      return p.frame(count);
    },
    /** The terminal sends a frame; resolves once the page has taken it in. */
    async terminalSends(frame: Frame): Promise<void> {
      const mark = processed.length;
      line.send(serialiseFrame(frame));
      assert.ok(await until(() => processed.slice(mark).includes('SIGNAL.FRAME')), `the page never took ${frame.action}`);
    },
    /** The terminal replies to the last request of `action` it got. */
    async reply(action: RequestAction, code: number = Code.OK, extra: Partial<Frame['body']> = {}): Promise<void> {
      const request = [...line.frames].reverse().map((t) => JSON.parse(t) as Record<string, Body>).find((f) => action in f);
      assert.ok(request, `no ${action} came`);
      await p.terminalSends(replyTo(action, request[action].reqId as number, code, describeCode(code), extra));
    },
    /** CALL → createMediaSession → 200 with the answer → connected. */
    async connect(): Promise<void> {
      actor.send({ type: 'CALL', url: terminal.url(line) });
      assert.ok(await until(() => at({ inCall: { calling: 'offering' } })), 'the socket never opened');
      controls.peer({ type: 'PEER.OFFER', sdp: OFFER });
      await p.frame(line.frames.length + 1);
      await p.reply('createMediaSession', Code.OK, { sdp: sdpField(ANSWER) });
      controls.peer({ type: 'PEER.ANSWER_APPLIED' });
      assert.ok(at({ inCall: 'connected' }));
    },
    /** BEGIN_SCREEN → capture → ctrlPresentation(1) → 200 → updateMediaSession → 200 → live. */
    async present(): Promise<void> {
      actor.send({ type: 'BEGIN_SCREEN' });
      controls.capture({ type: 'READY' });
      await p.frame(line.frames.length + 1);
      await p.reply('ctrlPresentation');
      controls.peer({ type: 'PEER.OFFER', sdp: REOFFER });
      await p.frame(line.frames.length + 1);
      await p.reply('updateMediaSession', Code.OK, { sdp: sdpField(ANSWER) });
      controls.peer({ type: 'PEER.ANSWER_APPLIED' });
      assert.ok(at({ inCall: { sharing: { presenting: 'live' } } }));
    },
    stop(): void {
      actor.stop();
      terminal.drop(line);
    },
  };
  return p;
}

const parse = (text: string) => JSON.parse(text) as Record<string, Body>;
const reqIdOf = (text: string) => Object.values(parse(text))[0].reqId as number;

test('the page\'s requests: createMediaSession, ctrlPresentation(1), updateMediaSession, ctrlPresentation(0), destroyMediaSession', async () => {
  const p = page('alice');
  try {
    await p.connect();
    await p.present();
    p.actor.send({ type: 'STOP_SCREEN' });
    const stop = await p.frame(4);
    await p.reply('ctrlPresentation');
    p.actor.send({ type: 'HANG_UP' });
    const bye = await p.frame(5);
    await p.reply('destroyMediaSession');
    assert.ok(p.at('idle'));

    const [create, start, update] = [await p.frame(1), await p.frame(2), await p.frame(3)];
    // Exactly these texts: one action key, the body in order, nothing else.
    assert.equal(create, JSON.stringify({ createMediaSession: { userName: 'alice', reqId: 1, sdp: { length: OFFER.length, data: OFFER } } }));
    assert.equal(start, '{"ctrlPresentation":{"userName":"alice","reqId":2,"sendPermission":1}}');
    assert.equal(update, JSON.stringify({ updateMediaSession: { userName: 'alice', reqId: 3, sdp: { length: REOFFER.length, data: REOFFER } } }));
    assert.equal(stop, '{"ctrlPresentation":{"userName":"alice","reqId":4,"sendPermission":0}}');

    const c = assertShape(create, { action: 'createMediaSession', required: ['userName', 'reqId', 'sdp'] });
    assert.equal((c.sdp as Body).length, OFFER.length);
    assert.notEqual((c.sdp as Body).length, Buffer.byteLength(OFFER), 'sdp.length counts characters, not UTF-8 bytes');
    assertShape(start, { action: 'ctrlPresentation', required: ['userName', 'reqId', 'sendPermission'] });
    assertShape(update, { action: 'updateMediaSession', required: ['userName', 'reqId', 'sdp'] });
    assertShape(stop, { action: 'ctrlPresentation', required: ['userName', 'reqId', 'sendPermission'] });
    // The page's hang-up (the original's "destroyMediaSession(5)": no wire field carries the 5).
    const b = assertShape(bye, { action: 'destroyMediaSession', required: ['userName', 'reqId', 'sdp'] });
    assert.equal(b.userName, 'alice');
    assert.deepEqual([create, start, update, stop, bye].map(reqIdOf), [1, 2, 3, 4, 5], 'reqId counts up by one per request');
  } finally {
    p.stop();
  }
});

test('reqId keeps counting up across calls of one session, and userName follows CALL', async () => {
  const p = page('alice');
  try {
    await p.connect();
    p.actor.send({ type: 'HANG_UP' });
    await p.frame(2);
    await p.reply('destroyMediaSession');
    p.actor.send({ type: 'CALL', url: terminal.url(p.line), userName: 'bob' });
    assert.ok(await until(() => p.at({ inCall: { calling: 'offering' } })));
    p.controls.peer({ type: 'PEER.OFFER', sdp: OFFER });
    const again = assertShape(await p.frame(3), { action: 'createMediaSession', required: ['userName', 'reqId', 'sdp'] });
    assert.deepEqual([again.userName, again.reqId], ['bob', 3]);
  } finally {
    p.stop();
  }
});

test('cancelRequest: the capture ends before ctrlPresentationRet → cancelRequest naming the pending ctrlPresentation(1)', async () => {
  const p = page('alice');
  try {
    await p.connect();
    p.actor.send({ type: 'BEGIN_SCREEN' });
    p.controls.capture({ type: 'READY' });
    const start = await p.frame(2);
    p.controls.capture({ type: 'CAPTURE.ENDED' });
    const cancel = await p.frame(3);
    const body = assertShape(cancel, { action: 'cancelRequest', required: ['userName', 'reqId', 'sendPermission', 'cancelReqId', 'cancelReqCmd'] });
    assert.equal(body.userName, 'alice');
    assert.equal(body.reqId, reqIdOf(start) + 1);
    assert.equal(body.cancelReqId, reqIdOf(start));
    assert.equal(body.cancelReqCmd, 'ctrlPresentation');
    if ('sendPermission' in body) assert.equal(body.sendPermission, 1, 'the permission of the request being cancelled');
    await p.reply('ctrlPresentation', Code.CANCELLED);
    await p.reply('cancelRequest');
    assert.ok(p.at({ inCall: 'connected' }));
  } finally {
    p.stop();
  }
});

test('replies to the terminal\'s requests: ctrlPresentationRet to (3) and (2), destroyMediaSessionRet to (4), and their codes', async () => {
  const p = page('alice');
  try {
    await p.connect();
    let n = 1;
    const next = async () => p.frame(++n);
    const replyOf = async (action: RequestAction, reqId: number, code: number) => {
      const text = await next();
      const body = assertShape(text, replyShape(action));
      assert.equal(body.reqId, reqId, `${action}Ret answers the terminal's reqId`);
      assert.deepEqual(body.rspInfo, { rspCode: code, rspMsg: describeCode(code) });
      return text;
    };
    const ask = (reqId: number, sendPermission: 2 | 3): Frame => ({ action: 'ctrlPresentation', body: { userName: 'alice', reqId, sendPermission }, localLine: 1 });

    // (2) with nothing presented → 106 (PROTOCOL.md "Flows": Duplicates; the original answered 200).
    await p.terminalSends(ask(101, 2));
    await replyOf('ctrlPresentation', 101, Code.NO_STREAM);
    // (3) refused → 403.
    await p.terminalSends(ask(102, 3));
    p.actor.send({ type: 'ANSWER_REQUEST', accept: false });
    await replyOf('ctrlPresentation', 102, Code.REFUSED);
    // (3) unanswered → 408 (PROTOCOL.md: 3xx never on the wire; the original sent 308).
    await p.terminalSends(ask(103, 3));
    p.clock.increment(TIMEOUT_MS);
    await replyOf('ctrlPresentation', 103, Code.TIMEOUT);
    // (3) twice → 104 to the second; accepted → 200, then updateMediaSession.
    await p.terminalSends(ask(104, 3));
    await p.terminalSends(ask(105, 3));
    await replyOf('ctrlPresentation', 105, Code.STARTING);
    p.actor.send({ type: 'ANSWER_REQUEST', accept: true });
    p.controls.capture({ type: 'READY' });
    const exact = await replyOf('ctrlPresentation', 104, Code.OK);
    assert.match(exact, /^\{"ctrlPresentationRet":\{("userName":"alice",)?"reqId":104,"rspInfo":\{"rspCode":200,"rspMsg":"Success"\}\}\}$/);
    p.controls.peer({ type: 'PEER.OFFER', sdp: REOFFER });
    assertShape(await next(), { action: 'updateMediaSession', required: ['userName', 'reqId', 'sdp'] });
    await p.reply('updateMediaSession', Code.OK, { sdp: sdpField(ANSWER) });
    p.controls.peer({ type: 'PEER.ANSWER_APPLIED' });
    assert.ok(p.at({ inCall: { sharing: { presenting: 'live' } } }));
    // (3) while presenting → 106; (2) refused → 403; (2) twice → 105 to the second, a stop in progress (PROTOCOL.md
    // "Flows": Duplicates); (2) agreed → 200, no ctrlPresentation(0).
    await p.terminalSends(ask(106, 3));
    await replyOf('ctrlPresentation', 106, Code.NO_STREAM);
    await p.terminalSends(ask(107, 2));
    p.actor.send({ type: 'ANSWER_REQUEST', accept: false });
    await replyOf('ctrlPresentation', 107, Code.REFUSED);
    await p.terminalSends(ask(108, 2));
    await p.terminalSends(ask(109, 2));
    await replyOf('ctrlPresentation', 109, Code.STOPPING);
    p.actor.send({ type: 'ANSWER_REQUEST', accept: true });
    await replyOf('ctrlPresentation', 108, Code.OK);
    assert.ok(p.at({ inCall: 'connected' }));
    // A request the page does not serve → 405; a trickled candidate → 200.
    await p.terminalSends({ action: 'updateUserList', body: { reqId: 110 } });
    await replyOf('updateUserList', 110, Code.NOT_SUPPORTED);
    await p.terminalSends({ action: 'updateCandidate', body: { reqId: 111, candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } } });
    await replyOf('updateCandidate', 111, Code.OK);
    // (4) with a 5xx reason → destroyMediaSessionRet 200, and the socket closes after it.
    await p.terminalSends({ action: 'destroyMediaSession', body: { userName: 'alice', reqId: 112, rspInfo: { rspCode: 502, rspMsg: 'line needed' } } });
    const bye = await replyOf('destroyMediaSession', 112, Code.OK);
    assert.match(bye, /^\{"destroyMediaSessionRet":\{("userName":"alice",)?"reqId":112,"rspInfo":\{"rspCode":200,"rspMsg":"Success"\}\}\}$/);
    assert.ok(p.at('idle'));
    assert.ok(await until(() => p.line.socket === null), 'the page closes its socket after replying');
    assert.deepEqual(p.line.closes.at(-1), { code: 1000, reason: 'session ended' });
    assert.equal(p.line.frames.length, n, 'nothing else was sent');
    assert.equal(p.line.protocol, 'gs-webrtc-json');
  } finally {
    p.stop();
  }
});

test('updateCandidate (trickle ICE): { userName, reqId, candidate: { candidate, sdpMid, sdpMLineIndex } }', async () => {
  const p = page('alice');
  try {
    await p.connect();
    const candidate = { candidate: 'candidate:2 1 udp 2122260223 127.0.0.1 50001 typ host', sdpMid: '1', sdpMLineIndex: 1 };
    p.controls.peer({ type: 'PEER.CANDIDATE', candidate });
    const text = await p.frame(2);
    const body = assertShape(text, { action: 'updateCandidate', required: ['userName', 'reqId', 'candidate'] });
    assert.deepEqual(body, { userName: 'alice', reqId: 2, candidate });
    p.controls.peer({ type: 'PEER.CANDIDATE', candidate: { candidate: '' } });
    assert.equal(await p.frame(3), '{"updateCandidate":{"userName":"alice","reqId":3,"candidate":{"candidate":""}}}', 'end of candidates');
  } finally {
    p.stop();
  }
});

test('keep-alive: the text "\\r\\n" on the period the actor is given; a received "\\r\\n\\r\\n" is ignored', async () => {
  const line = terminal.line(`wire-${++lines}`);
  const logic = fromCallback<SignallingCommand, { url: string }>((args) =>
    runSignalling({ ...args, input: { url: terminal.url(line), WebSocket: NodeWebSocketConstructor, keepaliveMs: 40 } }),
  );
  const actor = createActor(logic, { input: { url: terminal.url(line) } });
  actor.start();
  try {
    assert.ok(await until(() => line.socket !== null));
    line.send('\r\n\r\n');
    assert.ok(await until(() => line.received.length >= 3, 2000), 'three keep-alives in 2 s at a 40 ms period');
    assert.deepEqual(line.received.slice(0, 3), ['\r\n', '\r\n', '\r\n'], 'exactly "\\r\\n", nothing else');
    assert.deepEqual(line.frames, [], 'no reply to the terminal\'s keep-alive');
  } finally {
    actor.stop();
    terminal.drop(line);
  }
});

test('keep-alive: every 5000 ms by default (fake setInterval)', async () => {
  const line = terminal.line(`wire-${++lines}`);
  mock.timers.enable({ apis: ['setInterval'] });
  // The page's socket, to wait for its open event: that is what starts the interval, and the fake clock must
  // only move after it (on a busy machine the event can come well after the terminal saw the connection).
  const opened: { readyState: number }[] = [];
  const PageSocket = function (this: unknown, ...args: ConstructorParameters<typeof NodeWebSocketConstructor>) {
    const socket = new NodeWebSocketConstructor(...args);
    opened.push(socket);
    return socket;
  } as unknown as typeof NodeWebSocketConstructor;
  const logic = fromCallback<SignallingCommand, { url: string }>((args) =>
    runSignalling({ ...args, input: { ...args.input, WebSocket: PageSocket } }),
  );
  const actor = createActor(logic, { input: { url: terminal.url(line) } });
  try {
    actor.start();
    assert.ok(await until(() => line.socket !== null));
    // ws sets OPEN and calls onopen in one go, so once OPEN is seen here the interval is running.
    assert.ok(await until(() => opened[0]?.readyState === 1), 'the page saw its socket open');
    mock.timers.tick(4999);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(line.received, [], 'nothing before 5 s');
    mock.timers.tick(1);
    assert.ok(await until(() => line.received.length === 1));
    mock.timers.tick(5000);
    assert.ok(await until(() => line.received.length === 2));
    assert.deepEqual(line.received, ['\r\n', '\r\n']);
  } finally {
    mock.timers.reset();
    actor.stop();
    terminal.drop(line);
  }
});

// PROTOCOL.md "Body fields", point by point.

test('PROTOCOL.md: every body carries userName — also the page\'s replies (the original sent userName, reqId, rspInfo)', async () => {
  const p = page('alice');
  try {
    await p.connect();
    await p.terminalSends({ action: 'ctrlPresentation', body: { userName: 'alice', reqId: 7, sendPermission: 2 } });
    const body = assertShape(await p.frame(2), replyShape('ctrlPresentation', { required: ['userName', 'reqId', 'rspInfo'], optional: [] }));
    assert.equal(body.userName, 'alice');
  } finally {
    p.stop();
  }
});

test('PROTOCOL.md: cancelRequest carries sendPermission (the original sent the cancelled request\'s permission, 1)', async () => {
  const p = page('alice');
  try {
    await p.connect();
    p.actor.send({ type: 'BEGIN_SCREEN' });
    p.controls.capture({ type: 'READY' });
    await p.frame(2);
    p.controls.capture({ type: 'CAPTURE.ENDED' });
    const body = assertShape(await p.frame(3), { action: 'cancelRequest', required: ['userName', 'reqId', 'sendPermission', 'cancelReqId', 'cancelReqCmd'] });
    assert.equal(body.sendPermission, 1);
  } finally {
    p.stop();
  }
});

test('PROTOCOL.md: the page\'s destroyMediaSession carries sdp { length, data } (as the original\'s did)', async () => {
  const p = page('alice');
  try {
    await p.connect();
    p.actor.send({ type: 'HANG_UP' });
    assertShape(await p.frame(2), { action: 'destroyMediaSession', required: ['userName', 'reqId', 'sdp'] });
  } finally {
    p.stop();
  }
});
