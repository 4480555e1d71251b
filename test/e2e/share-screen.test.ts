/**
 * The main job end to end: the demo sharer page shares its screen to the demo terminal page through the real
 * signalling server, in Debian's Chromium with real RTCPeerConnections decoding the fake capture's frames.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startHarness, terminalFramesDecoded, terminalPixels, until, type Harness } from './support/harness.js';

let h: Harness;
let sharer: Page;
let terminal: Page;

const sharerState = () => sharer.evaluate(() => document.querySelector('gs-screen-share')!.state);
const terminalAttr = () =>
  terminal.evaluate(() => {
    const t = document.querySelector('gs-terminal')!;
    return { state: t.state, presenting: t.presenting, videoShown: Boolean(t.video?.srcObject) && !t.video?.hidden };
  });
const run = (method: 'call' | 'beginScreen' | 'stopScreen' | 'hangUp') =>
  sharer.evaluate((m) => document.querySelector('gs-screen-share')![m](), method);
const pause = (isMute: boolean) => sharer.evaluate((m) => document.querySelector('gs-screen-share')!.pausePresent(m), isMute);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  h = await startHarness();
  terminal = await h.open('/terminal.html?id=e2e-main');
  assert.ok(await until(async () => (await terminalAttr()).state === 'online'), 'the terminal registers with the server');
  sharer = await h.open('/?id=e2e-main');
  // Record every event the element fires, for the assertions below.
  await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    const seen: { name: string; code?: number; state?: string }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    for (const name of ['shareScreen', 'stopShareScreen', 'pauseShareScreen', 'hangup', 'error', 'state-change']) {
      el.addEventListener(name, (e) => seen.push({ name, ...(e as CustomEvent).detail }));
    }
  });
});

after(async () => {
  await h?.close();
});

const seen = () => sharer.evaluate(() => (window as unknown as { seen: { name: string; code?: number; state?: string }[] }).seen);

test('call → connected, the server holds one session', async () => {
  assert.equal(await sharerState(), 'idle');
  const result = await run('call');
  assert.deepEqual(result, { code: 200, message: 'Success' });
  assert.equal(await sharerState(), 'connected');
  assert.equal((await terminalAttr()).state, 'inCall');
  assert.equal(h.server.stats().sessions, 1);
  const connection = await until(() => sharer.evaluate(() => document.querySelector('gs-screen-share')!.peerConnection?.connectionState === 'connected'));
  assert.ok(connection, 'the peer connection reaches connected');
  const states = (await seen()).filter((e) => e.name === 'state-change').map((e) => e.state);
  assert.deepEqual(states, ['calling', 'connected']);
});

test('beginScreen → the terminal decodes the screen: ≥ 30 frames, pixels not black', async () => {
  const result = await run('beginScreen');
  assert.equal(result.code, 200);
  assert.equal(await sharerState(), 'presenting');
  assert.deepEqual((await terminalAttr()).presenting, true);
  const frames = await until(async () => ((await terminalFramesDecoded(terminal)) >= 30 ? terminalFramesDecoded(terminal) : 0), 15_000);
  assert.ok(frames >= 30, `framesDecoded ${frames}`);
  const pixels = await until(async () => {
    const p = await terminalPixels(terminal);
    return p.lit > 0 ? p : null;
  });
  assert.ok(pixels && pixels.width >= 640 && pixels.lit >= 16, `pixels ${JSON.stringify(pixels)}`);
  assert.ok((await terminalAttr()).videoShown);
  assert.deepEqual((await seen()).filter((e) => e.name === 'shareScreen').map((e) => e.code), [200]);
  if (process.env.UPDATE_SCREENSHOTS) {
    const dir = path.join(repoRoot, 'docs/screenshots');
    mkdirSync(dir, { recursive: true });
    await sharer.screenshot({ path: path.join(dir, 'sharer.png') });
    await terminal.screenshot({ path: path.join(dir, 'terminal.png') });
  }
});

test('pausePresent(true) stops the frames; pausePresent(false) brings them back', async () => {
  assert.equal((await pause(true)).code, 200);
  assert.equal(await sharerState(), 'paused');
  await sleep(800); // frames in flight drain
  const f1 = await terminalFramesDecoded(terminal);
  await sleep(1500);
  const f2 = await terminalFramesDecoded(terminal);
  assert.ok(f2 - f1 <= 2, `frames still growing while paused: ${f1} → ${f2}`);
  assert.equal((await pause(false)).code, 200);
  assert.equal(await sharerState(), 'presenting');
  const f3 = await until(async () => {
    const f = await terminalFramesDecoded(terminal);
    return f >= f2 + 15 ? f : 0;
  });
  assert.ok(f3 >= f2 + 15, `frames after resume: ${f2} → ${f3}`);
  assert.deepEqual((await seen()).filter((e) => e.name === 'pauseShareScreen').map((e) => e.code), [200, 200]);
});

test('stopScreen → the terminal shows no presentation, the capture is stopped', async () => {
  await sharer.evaluate(() => {
    (window as unknown as { track: MediaStreamTrack }).track = document.querySelector('gs-screen-share')!.localStream!.getVideoTracks()[0];
  });
  const result = await run('stopScreen');
  assert.equal(result.code, 200);
  assert.equal(await sharerState(), 'connected');
  assert.deepEqual(await terminalAttr(), { state: 'inCall', presenting: false, videoShown: false });
  assert.equal(await sharer.evaluate(() => (window as unknown as { track: MediaStreamTrack }).track.readyState), 'ended');
  assert.equal(await sharer.evaluate(() => document.querySelector('gs-screen-share')!.localStream), null);
});

test('hangUp while presenting → both sides idle, every track ended, peer closed, no session on the server', async () => {
  assert.equal((await run('beginScreen')).code, 200);
  await until(async () => (await terminalAttr()).videoShown);
  await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    Object.assign(window, { track: el.localStream!.getVideoTracks()[0], pc: el.peerConnection });
  });
  const result = await run('hangUp');
  assert.equal(result.code, 200);
  assert.equal(await sharerState(), 'idle');
  const w = () => sharer.evaluate(() => {
    const g = window as unknown as { track: MediaStreamTrack; pc: RTCPeerConnection };
    return { track: g.track.readyState, pc: g.pc.connectionState, signaling: g.pc.signalingState };
  });
  assert.deepEqual(await w(), { track: 'ended', pc: 'closed', signaling: 'closed' });
  assert.ok(await until(async () => (await terminalAttr()).state === 'online'), 'terminal back to online');
  assert.deepEqual(await terminalAttr(), { state: 'online', presenting: false, videoShown: false });
  assert.ok(await until(async () => h.server.stats().sessions === 0), 'server session released');
  assert.equal(h.server.stats().connections, 1, 'only the terminal stays connected');
  const hangups = (await seen()).filter((e) => e.name === 'hangup').map((e) => e.code);
  assert.deepEqual(hangups, [200]);
  assert.deepEqual((await seen()).filter((e) => e.name === 'error'), []);
});

test('a second call to a terminal that is not online is answered 486', async () => {
  const result = await sharer.evaluate((origin) => {
    const el = document.querySelector('gs-screen-share')!;
    return el.call(origin.replace('http', 'ws') + '/terminals/nobody-here');
  }, h.origin);
  assert.equal(result.code, 486);
  assert.equal(await sharerState(), 'failed');
  assert.deepEqual((await seen()).filter((e) => e.name === 'error').map((e) => e.code), [486]);
});
