/**
 * Our terminal (the demo terminal page, `<gs-terminal>` answering like a GVC3220) driven through the real server
 * by a peer set up as the original gsRTC client sets its own (./support/original-peer.ts, from DEVICE.md's facts):
 * max-compat, three sendrecv transceivers, a local description with one group and a wire text rewritten from it.
 * Its call, start presenting, pause, stop and hang-up (the original's `"sdp":{"data":{"value":5}}`) must each be
 * answered as the original expects (fixtures/gsrtc/orig-wire*.json), with H.264 frames decoded at the terminal.
 * Then the offers captured from the original itself (fixtures/gsrtc/orig-offer.sdp, orig-update-offer.sdp) go the
 * same way: the terminal must answer them as DEVICE.md says a GVC3220 answers, and current Chromium must take each
 * answer as the original's peer (after the original's own repairs).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { inboundVideoCodec, recordTerminalFrames, repoRoot, startHarness, terminalFramesDecoded, until, type Harness } from './support/harness.js';
import { orig, startOriginalPeer, type Exchange } from './support/original-peer.js';
import { assertShape, replyShape, type Body } from '../support/wire-shape.js';

const ID = 'e2e-original';
const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/gsrtc', name), 'utf8');

let h: Harness;
let terminal: Page;
let terminalFrames: string[];

before(async () => {
  h = await startHarness();
  terminal = await h.open(`/terminal.html?id=${ID}`);
  terminalFrames = await recordTerminalFrames(terminal);
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
});
after(async () => {
  await h?.close();
});

const terminalState = () =>
  terminal.evaluate(() => {
    const el = document.querySelector('gs-terminal')!;
    return { state: el.state, presenting: el.presenting };
  });

/** A page of the server's origin running the original-style peer, connected to terminal `id`'s page socket. */
async function originalPeer(id = ID): Promise<Page> {
  const page = await h.open('/healthz');
  await startOriginalPeer(page, `ws://localhost:${h.port}/terminals/${id}`);
  return page;
}

/**
 * The reply the original expects to `x`'s request: `<action>Ret` (the action first), its reqId, the userName it
 * sent, `rspInfo` with `code` (and a text: orig-wire.json), an `sdp` of `{ length, data }` exactly when `withSdp`.
 */
function assertReply(x: Exchange, action: string, code: number, withSdp = false): Body {
  const request = JSON.parse(x.sent)[action] as Body;
  const body = assertShape(x.replyText, replyShape(action as never, { required: ['userName', 'reqId', 'rspInfo', ...(withSdp ? ['sdp'] : [])] }), `${action}Ret`, {
    ordered: false,
  });
  assert.equal(body.reqId, request.reqId, `${action}Ret carries the request's reqId`);
  assert.equal(body.userName, 'webRTC_Client');
  assert.equal((body.rspInfo as Body).rspCode, code, `${action}Ret: ${x.replyText.slice(0, 200)}`);
  assert.equal(typeof (body.rspInfo as Body).rspMsg, 'string');
  assert.equal('sdp' in body, withSdp);
  return body;
}

/** The SDP text with what differs between two runs of the same Chromium cut out (ids, ports, keys, candidates). */
function normalised(sdp: string): string[] {
  return sdp
    .split('\r\n')
    .filter((l) => l && !l.startsWith('a=candidate:') && !l.startsWith('c='))
    .map((l) =>
      l
        .replace(/^o=.*/, 'o=')
        .replace(/^(m=\w+) \d+/, '$1 PORT')
        .replace(/^a=(ice-ufrag|ice-pwd|fingerprint):.*/, 'a=$1:')
        .replace(/^a=msid:.*/, 'a=msid:')
        .replace(/^a=ssrc:\d+ (\w+):.*/, 'a=ssrc: $1')
        .replace(/^a=ssrc-group:FID .*/, 'a=ssrc-group:FID'),
    );
}

/**
 * DEVICE.md's GVC3220 answer to `offer`: no a=group; on each video m-line one H.264 payload type whose fmtp line
 * starts with profile-level-id 4280 + level 28 (1920×1080, the terminal's default), packetization-mode 1,
 * a=framerate:30, b=AS:2048 and b=TIAS:2048000; audio only opus / G722 / PCMU / PCMA; the offer's a=content echoed.
 */
function assertDeviceAnswer(answer: string, offer: string): void {
  assert.ok(!/^a=group:/m.test(answer), `no a=group in the answer:\n${answer.split('m=')[0]}`);
  const sections = answer.split(/\r\nm=/).slice(1).map((s) => `m=${s}`);
  assert.equal(sections.length, 3, 'audio, main, slides');
  const contents = offer.split(/\r\nm=/).slice(1).map((s) => /a=content:(\w+)/.exec(s)?.[1]);
  sections.forEach((s, i) => {
    const pts = s.split('\r\n')[0].split(' ').slice(3);
    const encoding = (pt: string) => new RegExp(`a=rtpmap:${pt} ([^/]+)/`).exec(s)?.[1];
    if (contents[i]) assert.match(s, new RegExp(`\r\na=content:${contents[i]}\r\n`), `a=content:${contents[i]} echoed`);
    if (s.startsWith('m=audio')) {
      assert.deepEqual(pts.filter((pt) => !['opus', 'G722', 'PCMU', 'PCMA'].includes(encoding(pt)!)), [], `audio codecs: ${pts.map(encoding)}`);
      return;
    }
    assert.equal(pts.length, 1, `one payload type on video m-line ${i}: ${s.split('\r\n')[0]}`);
    assert.equal(encoding(pts[0]), 'H264');
    assert.match(s, new RegExp(`\r\na=fmtp:${pts[0]} profile-level-id=4280(28);.*packetization-mode=1`, 'i'));
    assert.match(s, /\r\na=framerate:30\r\n/);
    assert.match(s, /\r\nb=AS:2048\r\nb=TIAS:2048000\r\n/);
  });
}

test('the original-style peer: call, start presenting, pause, stop, hang up (value 5), each answered as the original expects; H.264 decoded', async () => {
  const peer = await originalPeer();

  const call = await orig(peer, 'call');
  assert.match(call.local, /\r\na=group:BUNDLE 0 1 2\r\n/, 'its local description keeps one group');
  assert.equal(call.wire.match(/^a=group:BUNDLE \d$/gm)?.length, 3, 'its wire text has one group per m-line');
  // The rewriting is the original's: the wire text is the captured one, line for line, up to what every run changes.
  assert.deepEqual(normalised(call.wire), normalised(fixture('orig-offer.sdp')));
  const created = assertReply(call, 'createMediaSession', 200, true);
  assertDeviceAnswer((created.sdp as Body).data as string, call.wire);
  assert.ok(call.repaired, 'the repaired answer was set as remote description');
  assert.deepEqual(await terminalState(), { state: 'inCall', presenting: false });
  assert.equal(h.server.stats().sessions, 1);
  assert.deepEqual(await peer.evaluate(() => (window as unknown as { orig: { capability: unknown } }).orig.capability), {
    level: '28',
    width: 1920,
    height: 1080,
    fps: 30,
  });

  const begun = await orig(peer, 'beginScreen');
  assertReply(begun.ctrl, 'ctrlPresentation', 200);
  assert.ok(begun.update, 'updateMediaSession sent after the 200');
  assert.deepEqual(normalised(begun.update.wire), normalised(fixture('orig-update-offer.sdp')));
  const updated = assertReply(begun.update, 'updateMediaSession', 200, true);
  assertDeviceAnswer((updated.sdp as Body).data as string, begun.update.wire);
  assert.deepEqual(await terminalState(), { state: 'inCall', presenting: true });
  const frames = await until(async () => ((await terminalFramesDecoded(terminal)) > 30 ? terminalFramesDecoded(terminal) : 0), 20_000);
  assert.ok(frames > 30, `frames decoded at the terminal: ${frames}`);
  assert.equal(await inboundVideoCodec(terminal, 'terminal'), 'video/H264');

  // Pause sets track.enabled only: nothing on the wire, the call and the presentation go on, RTP keeps flowing.
  const wireBefore = terminalFrames.length;
  const packets = () =>
    terminal.evaluate(async () => {
      let n = 0;
      (await document.querySelector('gs-terminal')!.peerConnection!.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') n += s.packetsReceived ?? 0;
      });
      return n;
    });
  await orig(peer, 'pause', true);
  const pausedAt = await packets();
  assert.ok(await until(async () => (await packets()) > pausedAt + 10, 10_000), 'RTP keeps flowing while paused');
  assert.equal(terminalFrames.length, wireBefore, 'pause sends no frame');
  assert.deepEqual(await terminalState(), { state: 'inCall', presenting: true });
  await orig(peer, 'pause', false);

  const stopped = await orig(peer, 'stopScreen');
  assertReply(stopped, 'ctrlPresentation', 200);
  assert.deepEqual(await terminalState(), { state: 'inCall', presenting: false });

  const hung = await orig(peer, 'hangUp');
  const reqId = (JSON.parse(hung.sent) as { destroyMediaSession: Body }).destroyMediaSession.reqId;
  assert.equal(hung.sent, `{"destroyMediaSession":{"userName":"webRTC_Client","reqId":${reqId},"sdp":{"data":{"value":5}}}}`);
  assertReply(hung, 'destroyMediaSession', 200);
  const reached = terminalFrames.filter((f) => f.startsWith('in {"destroyMediaSession"')).map((f) => JSON.parse(f.slice(3)));
  assert.deepEqual(reached, [JSON.parse(hung.sent)], 'the terminal got the value-5 frame as sent');
  assert.ok(await until(async () => (await terminalState()).state === 'online'), 'the terminal is idle after the hang-up');
  assert.deepEqual(await terminalState(), { state: 'online', presenting: false });
  assert.ok(await until(async () => h.server.stats().sessions === 0), 'the server holds no line');
  await peer.context().close();
});

test('the captured offers: the terminal answers each like a GVC3220, and Chromium takes each answer as the original\'s peer', async () => {
  const peer = await originalPeer();
  const accept = (answer: string, slidesSending: boolean) => orig(peer, 'acceptAsOriginal', answer, slidesSending);

  // The check can fail: the answer the original rejects (one group per m-line) is rejected here too.
  const rejected = await accept(fixture('answer-REJECTED-pergroup.sdp'), false);
  assert.match(rejected.error ?? '', /changed group/, 'answer-REJECTED-pergroup.sdp is refused as by the original');

  const offer = fixture('orig-offer.sdp');
  const created = assertReply(await orig(peer, 'offerAsIs', 'createMediaSession', offer), 'createMediaSession', 200, true);
  const answer = (created.sdp as Body).data as string;
  assertDeviceAnswer(answer, offer);
  const first = await accept(answer, false);
  assert.equal(first.error, null, `setRemoteDescription of the answer to orig-offer.sdp:\n${first.repaired}`);
  // The stand-in for the captured peer is a peer of the same shape: its own wire offer is the captured one.
  assert.deepEqual(normalised(first.wire), normalised(offer));

  const update = fixture('orig-update-offer.sdp');
  const updated = assertReply(await orig(peer, 'offerAsIs', 'updateMediaSession', update), 'updateMediaSession', 200, true);
  const updateAnswer = (updated.sdp as Body).data as string;
  assertDeviceAnswer(updateAnswer, update);
  const slides = updateAnswer.split(/\r\nm=/).find((m) => m.includes('\r\na=content:slides\r\n'))!;
  assert.match(slides, /\r\na=recvonly\r\n/, 'the terminal receives the slides');
  const second = await accept(updateAnswer, true);
  assert.equal(second.error, null, `setRemoteDescription of the answer to orig-update-offer.sdp:\n${second.repaired}`);
  assert.deepEqual(normalised(second.wire), normalised(update));

  assertReply(await orig(peer, 'hangUp'), 'destroyMediaSession', 200);
  assert.ok(await until(async () => (await terminalState()).state === 'online' && h.server.stats().sessions === 0), 'idle, no line held');
  await peer.context().close();
});

test('the original\'s other frames: an sdp.length that does not count, its replies to the terminal\'s requests (with and without rspMsg), the "close " notice after a late 200', async () => {
  const id = 'e2e-original-confirm';
  const held = await h.open(`/terminal.html?id=${id}&confirm=1`);
  const heldFrames = await recordTerminalFrames(held);
  const heldState = () =>
    held.evaluate(() => {
      const el = document.querySelector('gs-terminal')!;
      return { state: el.state, presenting: el.presenting, requested: el.presentationRequested };
    });
  assert.ok(await until(async () => (await heldState()).state === 'online'));
  const peer = await originalPeer(id);
  const setReplies = (replyWith: Record<string, { code: number; msg: string | null }>) =>
    peer.evaluate((r) => Object.assign((window as unknown as { orig: { replyWith: unknown } }).orig, { replyWith: r }), replyWith);
  const lastSent = (action: string) =>
    peer.evaluate((a) => (window as unknown as { orig: { sent: string[] } }).orig.sent.filter((t) => t.startsWith(`{"${a}"`)).pop()!, action);

  const call = await orig(peer, 'call', true);
  const sentLength = (JSON.parse(call.sent).createMediaSession.sdp as Body).length;
  assert.notEqual(sentLength, call.wire.length, 'the sdp.length sent does not count the text sent');
  assertReply(call, 'createMediaSession', 200, true);

  // The terminal asks to present (3): the original answers 200 "operate success", then updateMediaSession at once.
  await setReplies({ ctrlPresentation: { code: 200, msg: 'operate success' } });
  assert.equal((await held.evaluate(() => document.querySelector('gs-terminal')!.requestPresentation())).code, 200);
  assert.deepEqual(JSON.parse(await lastSent('ctrlPresentationRet')).ctrlPresentationRet.rspInfo, { rspCode: 200, rspMsg: 'operate success' });
  await orig(peer, 'capture');
  assertReply(await orig(peer, 'sendSlides'), 'updateMediaSession', 200, true);
  assert.ok(await until(async () => (await terminalFramesDecoded(held)) > 10, 20_000), 'frames decoded at the terminal');

  // The terminal asks to stop (2), answered with an rspInfo that has no rspMsg: still 200 to the terminal.
  await setReplies({ ctrlPresentation: { code: 200, msg: null } });
  assert.equal((await held.evaluate(() => document.querySelector('gs-terminal')!.requestStopPresentation())).code, 200);
  assert.doesNotMatch(await lastSent('ctrlPresentationRet'), /rspMsg/);
  assert.deepEqual(await heldState(), { state: 'inCall', presenting: false, requested: false });

  // ctrlPresentation(1), held; the terminal accepts while the user's cancelRequest is on its way: a late 200.
  await peer.evaluate(() => {
    const o = (window as unknown as { orig: { request: (a: string, e: object) => Promise<unknown> }; started: Promise<unknown> });
    o.started = o.orig.request('ctrlPresentation', { sendPermission: 1 });
  });
  assert.ok(await until(async () => (await heldState()).requested), 'the terminal holds the request');
  const startReqId = JSON.parse(await lastSent('ctrlPresentation')).ctrlPresentation.reqId as number;
  await held.evaluate(() => document.querySelector('gs-terminal')!.acceptPresentation());
  const cancel = await orig(peer, 'request', 'cancelRequest', { sendPermission: 1, cancelReqId: startReqId, cancelReqCmd: 'ctrlPresentation' });
  assertReply(cancel, 'cancelRequest', 200);
  const late = await peer.evaluate(() => (window as unknown as { started: Promise<Exchange> }).started);
  assertReply(late, 'ctrlPresentation', 200);
  // The original has no stream any more: it sends "close " (trailing space). The terminal ends the presentation,
  // answers nothing and keeps the call.
  const outs = () => heldFrames.filter((f) => f.startsWith('out ')).length;
  const outsBefore = outs();
  const close = `{"close ":{"userName":"webRTC_Client","reqId":${startReqId}}}`;
  await orig(peer, 'send', close);
  assert.ok(await until(async () => heldFrames.includes(`in ${close}`)), 'the terminal got the "close " frame as sent');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(outs(), outsBefore, 'no reply to "close "');
  assert.deepEqual(await heldState(), { state: 'inCall', presenting: false, requested: false });
  assert.equal(h.server.stats().sessions, 1, 'the line is still held');

  assertReply(await orig(peer, 'hangUp'), 'destroyMediaSession', 200);
  assert.ok(await until(async () => (await heldState()).state === 'online' && h.server.stats().sessions === 0), 'idle, no line held');
  await peer.context().close();
  await held.context().close();
});
