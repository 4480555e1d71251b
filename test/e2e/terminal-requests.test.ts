/**
 * The terminal's own requests end to end (PROTOCOL.md "Terminal asks to present / to stop / hangs up"), the
 * browser's "Stop sharing", and a terminal that vanishes mid-presentation, between the demo pages in Chromium.
 */
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, terminalFramesDecoded, until, type Harness } from './support/harness.js';

let h: Harness;
let sharer: Page;
let terminal: Page;
let line = 0;

type Seen = { name: string; code?: number; state?: string };
const seen = () => sharer.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
const names = async (name: string) => (await seen()).filter((e) => e.name === name).map((e) => e.code);
const sharerState = () => sharer.evaluate(() => document.querySelector('gs-screen-share')!.state);
const terminalSays = () =>
  terminal.evaluate(() => {
    const t = document.querySelector('gs-terminal')!;
    return { state: t.state, presenting: t.presenting };
  });
const ask = (what: 'requestPresentation' | 'requestStopPresentation') =>
  terminal.evaluate((m) => document.querySelector('gs-terminal')![m](), what);

async function openPair(requestTimeout = 10_000) {
  const id = `e2e-req-${++line}`;
  terminal = await h.open(`/terminal.html?id=${id}`);
  assert.ok(await until(async () => (await terminalSays()).state === 'online'));
  sharer = await h.open(`/?id=${id}`);
  await sharer.evaluate((ms) => {
    const el = document.querySelector('gs-screen-share')!;
    el.requestTimeout = ms;
    const seen: Seen[] = [];
    (window as unknown as { seen: Seen[] }).seen = seen;
    for (const name of ['shareScreen', 'stopShareScreen', 'hangup', 'error', 'shareScreenRequest', 'stopShareScreenRequest', 'hangupRequest']) {
      el.addEventListener(name, (e) => seen.push({ name, code: (e as CustomEvent).detail.code }));
    }
  }, requestTimeout);
  await sharer.evaluate(() => document.querySelector('gs-screen-share')!.updateComplete);
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
}

before(async () => {
  h = await startHarness();
});
beforeEach(async () => {
  await openPair();
});
// Each test's pair leaves with it, so a pair still presenting does not load the machine under the next test.
afterEach(async () => {
  await Promise.all([sharer, terminal].map((page) => page.context().close().catch(() => undefined)));
});
after(async () => {
  await h?.close();
});

test('terminal asks to present; the user accepts in the built-in prompt; the terminal decodes the screen', async () => {
  const answer = ask('requestPresentation');
  assert.ok(await until(async () => (await sharerState()) === 'asked'));
  await sharer.locator('gs-screen-share').locator('[part~="accept-button"]').click();
  assert.deepEqual(await answer, { code: 200, message: 'Success' });
  assert.ok(await until(async () => (await sharerState()) === 'presenting' && (await terminalSays()).presenting));
  assert.ok(await until(async () => (await terminalFramesDecoded(terminal)) >= 30, 15_000), 'frames decode at the terminal');
  assert.deepEqual(await names('shareScreenRequest'), [200]);
  assert.deepEqual(await names('shareScreen'), [200]);
});

test('terminal asks to present; the host refuses with preventDefault → 403', async () => {
  await sharer.evaluate(() => document.querySelector('gs-screen-share')!.addEventListener('shareScreenRequest', (e) => e.preventDefault()));
  const answer = await ask('requestPresentation');
  assert.equal(answer.code, 403);
  assert.equal(await sharerState(), 'connected');
  assert.equal((await terminalSays()).presenting, false);
});

test('terminal asks to present; a kiosk host accepts programmatically', async () => {
  await sharer.evaluate(() => document.querySelector('gs-screen-share')!.addEventListener('shareScreenRequest', (e) => e.detail.accept()));
  assert.equal((await ask('requestPresentation')).code, 200);
  assert.ok(await until(async () => (await sharerState()) === 'presenting'));
});

test('terminal asks to present; nobody answers in time → 408 to the terminal (PROTOCOL.md), 308 on the page', async () => {
  await sharer.evaluate(() => (document.querySelector('gs-screen-share')!.shareRequestTimeout = 800));
  const answer = await ask('requestPresentation');
  assert.equal(answer.code, 408);
  assert.ok(await until(async () => (await names('shareScreen')).includes(308)));
  assert.equal(await sharerState(), 'connected');
  assert.equal(await sharer.locator('gs-screen-share').locator('[part="confirm"]').isHidden(), true);
});

test('terminal asks to stop; the page stops by default and answers 200', async () => {
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
  await sharer.evaluate(() => Object.assign(window, { track: document.querySelector('gs-screen-share')!.localStream!.getVideoTracks()[0] }));
  assert.equal((await ask('requestStopPresentation')).code, 200);
  assert.ok(await until(async () => (await sharerState()) === 'connected'));
  assert.equal((await terminalSays()).presenting, false);
  assert.equal(await sharer.evaluate(() => (window as unknown as { track: MediaStreamTrack }).track.readyState), 'ended');
  assert.deepEqual(await names('stopShareScreenRequest'), [200]);
  assert.deepEqual(await names('stopShareScreen'), [200]);
});

test('terminal asks to stop with nothing presented → 106 (PROTOCOL.md "Flows": Duplicates), no event on the page', async () => {
  assert.equal((await ask('requestStopPresentation')).code, 106);
  assert.deepEqual(await names('stopShareScreenRequest'), []);
  assert.equal(await sharerState(), 'connected');
});

test('terminal hangs up with 502: hangupRequest, then hangup 502, everything released', async () => {
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
  await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    Object.assign(window, { track: el.localStream!.getVideoTracks()[0], pc: el.peerConnection });
  });
  assert.equal((await terminal.evaluate(() => document.querySelector('gs-terminal')!.hangUp(502))).code, 200);
  assert.ok(await until(async () => (await sharerState()) === 'idle'));
  assert.deepEqual(await names('hangupRequest'), [502]);
  assert.deepEqual(await names('hangup'), [502]);
  const released = await sharer.evaluate(() => {
    const g = window as unknown as { track: MediaStreamTrack; pc: RTCPeerConnection };
    return [g.track.readyState, g.pc.connectionState];
  });
  assert.deepEqual(released, ['ended', 'closed']);
  // The server released the line: the same page can call again.
  assert.equal((await terminalSays()).state, 'online');
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
});

test("the browser's own Stop sharing (the track ends) takes the stop flow", async () => {
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
  // Headless Chromium has no "Stop sharing" bar: end the track the way the browser reports it, with an `ended` event.
  await sharer.evaluate(() => {
    const track = document.querySelector('gs-screen-share')!.localStream!.getVideoTracks()[0];
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  assert.ok(await until(async () => (await sharerState()) === 'connected'));
  assert.equal((await terminalSays()).presenting, false);
  assert.deepEqual(await names('stopShareScreen'), [200]);
});

test('the terminal vanishes mid-presentation: 302, full clean-up', async () => {
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
  await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    Object.assign(window, { track: el.localStream!.getVideoTracks()[0], pc: el.peerConnection });
  });
  await terminal.context().close();
  assert.ok(await until(async () => (await sharerState()) === 'failed'));
  assert.deepEqual(await names('hangup'), [302]);
  const released = await sharer.evaluate(() => {
    const g = window as unknown as { track: MediaStreamTrack; pc: RTCPeerConnection };
    return [g.track.readyState, g.pc.connectionState];
  });
  assert.deepEqual(released, ['ended', 'closed']);
});
