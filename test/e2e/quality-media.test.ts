/**
 * Tab / system audio and the camera beside the screen, end to end (issue 8), in Debian's Chromium with the fake
 * capture: under --use-fake-device-for-media-stream, getDisplayMedia({ audio }) returns a real "Fake audio" track
 * (a beep), so the tab-audio path itself is tested, not a stand-in. The "no audio" case (a browser or platform
 * that gives no audio track, e.g. Firefox, or a window share on macOS) cannot be produced by this Chromium, so
 * that test wraps the page's getDisplayMedia to drop the audio track it returns, and checks the element's
 * `audio-unavailable` event and notice while the share goes on.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, until, type Harness } from './support/harness.js';
import { measure, terminalInbound } from './support/quality.js';
import { midsOf, splitSdp } from '../../src/protocol/index.js';

let h: Harness;
let terminal: Page;

before(async () => {
  h = await startHarness();
  terminal = await h.open('/terminal.html?id=e2e-media');
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  await terminal.evaluate(() => {
    const w = window as unknown as { offers: string[] };
    w.offers = [];
    document.querySelector('gs-terminal')!.addEventListener('terminal-frame', (e) => {
      const { direction, text } = (e as CustomEvent<{ direction: string; text: string }>).detail;
      const frame = JSON.parse(text) as Record<string, { sdp?: { data: string } }>;
      const body = frame.createMediaSession ?? frame.updateMediaSession;
      if (direction === 'in' && body?.sdp) w.offers.push(body.sdp.data);
    });
  });
});

after(async () => {
  await h?.close();
});

const lastOffer = () => terminal.evaluate(() => (window as unknown as { offers: string[] }).offers.at(-1) ?? '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a sharer, records its events, runs `body`, then hangs up. */
async function withSharer(query: string, body: (sharer: Page) => Promise<void>, prepare?: (sharer: Page) => Promise<void>): Promise<void> {
  const sharer = await h.open(`/${query}`);
  await prepare?.(sharer);
  await sharer.evaluate(() => {
    const seen: { name: string; message?: string; code?: number }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    for (const name of ['audio-unavailable', 'camera-unavailable', 'error', 'shareScreen']) {
      document.querySelector('gs-screen-share')!.addEventListener(name, (e) => seen.push({ name, ...(e as CustomEvent).detail }));
    }
  });
  try {
    await body(sharer);
  } finally {
    await sharer.evaluate(() => document.querySelector('gs-screen-share')!.hangUp());
    await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online'));
  }
}

const seen = (sharer: Page) => sharer.evaluate(() => (window as unknown as { seen: { name: string; message?: string; code?: number }[] }).seen);
const call = (sharer: Page) => sharer.evaluate(() => document.querySelector('gs-screen-share')!.call());
const share = (sharer: Page) => sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen());

test('share-audio: the tab audio goes on the audio m-line (mid 0), the terminal plays it and its inbound-rtp bytes grow', async () => {
  await withSharer('?id=e2e-media&audio=1', async (sharer) => {
    assert.equal((await call(sharer)).code, 200);
    assert.equal((await share(sharer)).code, 200);
    const local = await sharer.evaluate(() => document.querySelector('gs-screen-share')!.localStream!.getAudioTracks().map((t) => t.label));
    assert.equal(local.length, 1, 'getDisplayMedia gave an audio track');
    // The updateMediaSession offer sends audio on mid 0.
    const audioSection = splitSdp(await lastOffer()).media[0].lines;
    assert.equal(midsOf(await lastOffer())[0], '0');
    assert.ok(audioSection[0].startsWith('m=audio') && audioSection.includes('a=sendrecv') && audioSection.some((l) => l.startsWith('a=msid:')), audioSection.join('\n'));
    // The terminal receives it on mid 0 and its <audio> plays it.
    assert.ok(await until(() => terminal.evaluate(() => Boolean(document.querySelector('gs-terminal')!.audioStream))), 'terminal audioStream');
    const a1 = (await terminalInbound(terminal))['0']?.bytes ?? 0;
    await sleep(2000);
    const a2 = (await terminalInbound(terminal))['0']?.bytes ?? 0;
    console.log(`# audio: ${a1} → ${a2} bytes in 2 s`);
    assert.ok(a2 > a1 + 1000, `audio bytes ${a1} → ${a2}`);
    const player = await terminal.evaluate(() => {
      const t = document.querySelector('gs-terminal')!;
      const audio = t.audio!;
      return { kind: (audio.srcObject as MediaStream | null)?.getAudioTracks()[0]?.kind, paused: audio.paused, muted: audio.muted };
    });
    assert.deepEqual(player, { kind: 'audio', paused: false, muted: false });
    assert.deepEqual((await seen(sharer)).filter((e) => e.name === 'audio-unavailable'), []);
  });
});

test('share-audio where the browser gives no audio track: the share goes on, audio-unavailable fires and the notice says so', async () => {
  await withSharer(
    '?id=e2e-media&audio=1',
    async (sharer) => {
      assert.equal((await call(sharer)).code, 200);
      assert.equal((await share(sharer)).code, 200);
      const events = (await seen(sharer)).filter((e) => e.name === 'audio-unavailable');
      assert.equal(events.length, 1);
      assert.match(events[0].message!, /No tab or system audio/);
      const notice = await sharer.evaluate(() => document.querySelector('gs-screen-share')!.shadowRoot!.querySelector('[part="media-notice"]')?.textContent);
      assert.match(notice ?? '', /No tab or system audio/);
      // The screen still reaches the terminal.
      assert.ok(await until(async () => ((await terminalInbound(terminal))['2']?.framesDecoded ?? 0) > 10), 'screen frames decoded');
    },
    async (sharer) => {
      // Stand-in for a platform without tab audio: the real getDisplayMedia, its audio track stopped and removed.
      await sharer.evaluate(() => {
        const media = navigator.mediaDevices;
        const original = media.getDisplayMedia.bind(media);
        media.getDisplayMedia = async (options) => {
          const stream = await original(options);
          for (const track of stream.getAudioTracks()) {
            track.stop();
            stream.removeTrack(track);
          }
          return stream;
        };
      });
    },
  );
});

test('camera: camera on the main m-line (mid 1) and screen on slides (mid 2) decode as two videos; swap switches them', async () => {
  await withSharer('?id=e2e-media&camera=1', async (sharer) => {
    assert.equal((await call(sharer)).code, 200);
    assert.equal((await share(sharer)).code, 200);
    const offer = await lastOffer();
    const sections = splitSdp(offer).media.map((m) => m.lines);
    assert.ok(sections[1].includes('a=mid:1') && sections[1].includes('a=content:main') && sections[1].includes('a=sendrecv'), sections[1].join('\n'));
    assert.ok(sections[2].includes('a=mid:2') && sections[2].includes('a=content:slides') && sections[2].includes('a=sendrecv'), 'slides sendrecv while sent, as the original offers it');
    const decoded = await until(async () => {
      const inbound = await terminalInbound(terminal);
      return (inbound['1']?.framesDecoded ?? 0) > 20 && (inbound['2']?.framesDecoded ?? 0) > 20 ? inbound : null;
    }, 15_000);
    assert.ok(decoded, 'both videos decode at the terminal');
    const camera = await measure(terminal, '1', 2000);
    const screen = await measure(terminal, '2', 2000);
    console.log(`# camera ${camera.width}×${camera.height} ${camera.fps} fps ${camera.kbps} kbps; screen ${screen.width}×${screen.height} ${screen.fps} fps`);
    const view = () =>
      terminal.evaluate(() => {
        const t = document.querySelector('gs-terminal')!;
        return {
          screen: t.video?.getAttribute('part'),
          camera: t.cameraVideo?.getAttribute('part'),
          screenSize: t.video!.videoWidth,
          cameraSize: t.cameraVideo!.videoWidth,
          swapShown: !t.shadowRoot!.querySelector<HTMLButtonElement>('[part~="swap-button"]')!.hidden,
          received: t.shadowRoot!.querySelector('[part="received"]')!.textContent,
        };
      });
    const before = await until(async () => {
      const v = await view();
      return v.screenSize > 0 && v.cameraSize > 0 && /Camera/.test(v.received ?? '') ? v : null;
    });
    assert.ok(before, JSON.stringify(await view()));
    assert.deepEqual([before.screen, before.camera, before.swapShown], ['video large', 'camera small', true]);
    assert.match(before.received!, /Screen \d+×\d+ · \d+ fps/);
    await terminal.evaluate(() => document.querySelector('gs-terminal')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="swap-button"]')!.click());
    await sleep(100);
    const after = await view();
    assert.deepEqual([after.screen, after.camera], ['video small', 'camera large']);
    await terminal.evaluate(() => document.querySelector('gs-terminal')!.swapViews());
  });
});

test('the terminal view: fullscreen and picture-in-picture buttons act on the video', async () => {
  // A terminal page of its own: the shared one has been through the other tests' calls, and picture in picture
  // did not start there in the full run (no error, no PiP window), while a fresh page enters it every time.
  const terminal = await h.open('/terminal.html?id=e2e-view');
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  const sharer = await h.open('/?id=e2e-view');
  try {
    assert.equal((await call(sharer)).code, 200);
    assert.equal((await share(sharer)).code, 200);
    assert.ok(await until(() => terminal.evaluate(() => (document.querySelector('gs-terminal')!.video?.videoWidth ?? 0) > 0)));
    // Real clicks (user activation: picture in picture needs one).
    const click = (part: string) => terminal.locator(`gs-terminal [part~="${part}"]`).click();
    const disabled = await terminal.evaluate(() =>
      ['fullscreen-button', 'pip-button'].map((p) => document.querySelector('gs-terminal')!.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="${p}"]`)!.disabled),
    );
    // Picture in picture first: right after leaving fullscreen, Chromium may still be animating out of it.
    const pipEnabled = await terminal.evaluate(() => document.pictureInPictureEnabled);
    await click('pip-button');
    const pip = await until(() =>
      terminal.evaluate(() => {
        const t = document.querySelector('gs-terminal')!;
        return document.pictureInPictureElement === t && t.shadowRoot!.pictureInPictureElement === t.video;
      }),
    );
    await click('pip-button');
    const pipLeft = await until(() => terminal.evaluate(() => document.pictureInPictureElement === null));
    await click('fullscreen-button');
    const fullscreen = await until(() => terminal.evaluate(() => document.fullscreenElement === document.querySelector('gs-terminal')));
    await click('fullscreen-button');
    const left = await until(() => terminal.evaluate(() => document.fullscreenElement === null));
    const result = { fullscreen, left, pipEnabled, pip, pipLeft, disabled };
    console.log(`# terminal view: ${JSON.stringify(result)}`);
    assert.equal(result.fullscreen, true, 'the screen box went fullscreen');
    assert.equal(result.left, true);
    assert.deepEqual(result.disabled, [false, !result.pipEnabled]);
    if (result.pipEnabled) assert.deepEqual([result.pip, result.pipLeft], [true, true], 'the large video went picture in picture and back');
  } finally {
    await sharer.evaluate(() => document.querySelector('gs-screen-share')!.hangUp());
    await terminal.close();
  }
});
