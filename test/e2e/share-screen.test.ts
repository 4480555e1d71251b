/**
 * The main job end to end: the demo sharer page shares its screen to the demo terminal page through the real
 * signalling server, in Debian's Chromium with real RTCPeerConnections decoding the fake capture's frames.
 *
 * The server and the browser are shared; each test opens its own terminal (its own id) and sharer, brings the call
 * to the state it starts from, and closes both, so one failure names one fault and any test can run alone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startHarness, terminalFramesDecoded, terminalPixels, until, type Harness } from './support/harness.js';

let h: Harness;
let count = 0;

type Seen = { name: string; code?: number; state?: string };
type Stage = 'idle' | 'connected' | 'presenting';

/** A sharer and a terminal of their own, the call brought to `stage`. */
async function pair(stage: Stage) {
  const id = `e2e-main-${++count}`;
  const terminal = await h.open(`/terminal.html?id=${id}`);
  const sharer = await h.open(`/?id=${id}`);
  const sharerState = () => sharer.evaluate(() => document.querySelector('gs-screen-share')!.state);
  const terminalAttr = () =>
    terminal.evaluate(() => {
      const t = document.querySelector('gs-terminal')!;
      return { state: t.state, presenting: t.presenting, videoShown: Boolean(t.video?.srcObject) && !t.video?.hidden };
    });
  const run = (method: 'call' | 'beginScreen' | 'stopScreen' | 'hangUp') =>
    sharer.evaluate((m) => document.querySelector('gs-screen-share')![m](), method);
  const pause = (isMute: boolean) => sharer.evaluate((m) => document.querySelector('gs-screen-share')!.pausePresent(m), isMute);
  const seen = () => sharer.evaluate(() => (window as unknown as { seen: Seen[] }).seen);
  const close = async () => {
    await sharer.context().close();
    await terminal.context().close();
  };
  assert.ok(await until(async () => (await terminalAttr()).state === 'online'), 'the terminal registers with the server');
  if (stage !== 'idle') {
    assert.equal((await run('call')).code, 200, 'set-up: call');
    if (stage === 'presenting') {
      assert.equal((await run('beginScreen')).code, 200, 'set-up: beginScreen');
      assert.ok(await until(async () => (await terminalAttr()).videoShown), 'set-up: the terminal shows the screen');
    }
  }
  // Every event the element fires from here on, for the test's assertions.
  await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    const seen: Seen[] = [];
    (window as unknown as { seen: Seen[] }).seen = seen;
    for (const name of ['shareScreen', 'stopShareScreen', 'pauseShareScreen', 'hangup', 'error', 'state-change']) {
      el.addEventListener(name, (e) => seen.push({ name, ...(e as CustomEvent).detail }));
    }
  });
  return { id, terminal, sharer, sharerState, terminalAttr, run, pause, seen, close };
}

/** Waits until the terminal decodes no more than `most` frames over one second (or 10 s pass); returns that count. */
async function settledFrames(terminal: Page, most: number): Promise<{ grew: number; frames: number }> {
  let last = { grew: Infinity, frames: await terminalFramesDecoded(terminal) };
  const end = Date.now() + 10_000;
  while (last.grew > most && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 1000));
    const frames = await terminalFramesDecoded(terminal);
    last = { grew: frames - last.frames, frames };
  }
  return last;
}

before(async () => {
  h = await startHarness();
});

after(async () => {
  await h?.close();
});

test('call → connected, the server holds one session', async () => {
  const p = await pair('idle');
  try {
    assert.equal(await p.sharerState(), 'idle');
    const sessions = h.server.stats().sessions;
    assert.deepEqual(await p.run('call'), { code: 200, message: 'Success' });
    assert.equal(await p.sharerState(), 'connected');
    assert.equal((await p.terminalAttr()).state, 'inCall');
    assert.equal(h.server.stats().sessions, sessions + 1);
    const connection = await until(() => p.sharer.evaluate(() => document.querySelector('gs-screen-share')!.peerConnection?.connectionState === 'connected'));
    assert.ok(connection, 'the peer connection reaches connected');
    const states = (await p.seen()).filter((e) => e.name === 'state-change').map((e) => e.state);
    assert.deepEqual(states, ['calling', 'connected']);
  } finally {
    await p.close();
  }
});

test('beginScreen → the terminal decodes the screen: ≥ 30 frames, pixels not black', async () => {
  const p = await pair('connected');
  try {
    assert.equal((await p.run('beginScreen')).code, 200);
    assert.equal(await p.sharerState(), 'presenting');
    assert.deepEqual((await p.terminalAttr()).presenting, true);
    const frames = await until(async () => ((await terminalFramesDecoded(p.terminal)) >= 30 ? terminalFramesDecoded(p.terminal) : 0), 15_000);
    assert.ok(frames >= 30, `framesDecoded ${frames}`);
    const pixels = await until(async () => {
      const px = await terminalPixels(p.terminal);
      return px.lit > 0 ? px : null;
    });
    assert.ok(pixels && pixels.width >= 640 && pixels.lit >= 16, `pixels ${JSON.stringify(pixels)}`);
    assert.ok((await p.terminalAttr()).videoShown);
    assert.deepEqual((await p.seen()).filter((e) => e.name === 'shareScreen').map((e) => e.code), [200]);
    if (process.env.UPDATE_SCREENSHOTS) {
      const dir = path.join(repoRoot, 'docs/screenshots');
      mkdirSync(dir, { recursive: true });
      await p.sharer.screenshot({ path: path.join(dir, 'sharer.png') });
      await p.terminal.screenshot({ path: path.join(dir, 'terminal.png') });
    }
  } finally {
    await p.close();
  }
});

test('pausePresent(true) stops the frames; pausePresent(false) brings them back', async () => {
  const p = await pair('presenting');
  try {
    assert.ok(await until(async () => (await terminalFramesDecoded(p.terminal)) > 0), 'frames before the pause');
    assert.equal((await p.pause(true)).code, 200);
    assert.equal(await p.sharerState(), 'paused');
    // Frames in flight drain; then the count stands still (a frame or two a second at most).
    const paused = await settledFrames(p.terminal, 2);
    assert.ok(paused.grew <= 2, `frames still growing while paused: ${paused.grew} in the last second`);
    assert.equal((await p.pause(false)).code, 200);
    assert.equal(await p.sharerState(), 'presenting');
    const resumed = await until(async () => {
      const f = await terminalFramesDecoded(p.terminal);
      return f >= paused.frames + 15 ? f : 0;
    });
    assert.ok(resumed >= paused.frames + 15, `frames after resume: ${paused.frames} → ${resumed}`);
    assert.deepEqual((await p.seen()).filter((e) => e.name === 'pauseShareScreen').map((e) => e.code), [200, 200]);
  } finally {
    await p.close();
  }
});

test('stopScreen → the terminal shows no presentation, the capture is stopped', async () => {
  const p = await pair('presenting');
  try {
    await p.sharer.evaluate(() => {
      (window as unknown as { track: MediaStreamTrack }).track = document.querySelector('gs-screen-share')!.localStream!.getVideoTracks()[0];
    });
    assert.equal((await p.run('stopScreen')).code, 200);
    assert.equal(await p.sharerState(), 'connected');
    assert.deepEqual(await p.terminalAttr(), { state: 'inCall', presenting: false, videoShown: false });
    assert.equal(await p.sharer.evaluate(() => (window as unknown as { track: MediaStreamTrack }).track.readyState), 'ended');
    assert.equal(await p.sharer.evaluate(() => document.querySelector('gs-screen-share')!.localStream), null);
  } finally {
    await p.close();
  }
});

test('hangUp while presenting → both sides idle, every track ended, peer closed, no session on the server', async () => {
  const p = await pair('presenting');
  try {
    await p.sharer.evaluate(() => {
      const el = document.querySelector('gs-screen-share')!;
      Object.assign(window, { track: el.localStream!.getVideoTracks()[0], pc: el.peerConnection });
    });
    const line = () => h.server.stats().sessions;
    const before = line();
    assert.equal((await p.run('hangUp')).code, 200);
    assert.equal(await p.sharerState(), 'idle');
    const w = () =>
      p.sharer.evaluate(() => {
        const g = window as unknown as { track: MediaStreamTrack; pc: RTCPeerConnection };
        return { track: g.track.readyState, pc: g.pc.connectionState, signaling: g.pc.signalingState };
      });
    assert.deepEqual(await w(), { track: 'ended', pc: 'closed', signaling: 'closed' });
    assert.ok(await until(async () => (await p.terminalAttr()).state === 'online'), 'terminal back to online');
    assert.deepEqual(await p.terminalAttr(), { state: 'online', presenting: false, videoShown: false });
    assert.ok(await until(async () => line() === before - 1), 'server session released');
    assert.deepEqual((await p.seen()).filter((e) => e.name === 'hangup').map((e) => e.code), [200]);
    assert.deepEqual((await p.seen()).filter((e) => e.name === 'error'), []);
  } finally {
    await p.close();
  }
  // Once both pages are gone, the server holds nothing of them.
  assert.ok(await until(async () => h.server.stats().connections === 0 && h.server.stats().sessions === 0), 'nothing left on the server');
});

test('a call to a terminal that is not online is answered 486', async () => {
  const p = await pair('idle');
  try {
    const result = await p.sharer.evaluate((origin) => {
      const el = document.querySelector('gs-screen-share')!;
      return el.call(origin.replace('http', 'ws') + '/terminals/nobody-here');
    }, h.origin);
    assert.equal(result.code, 486);
    assert.equal(await p.sharerState(), 'failed');
    assert.deepEqual((await p.seen()).filter((e) => e.name === 'error').map((e) => e.code), [486]);
  } finally {
    await p.close();
  }
});
