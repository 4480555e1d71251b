/**
 * What a person watching the demo pages sees and hears keeps playing: while the sharer presents to the terminal
 * page (screen, camera and tab audio) for 6 s, with stats samples every second, a language switch and the pages'
 * light/dark switch, no media element of either page restarts (no `loadstart`, `currentTime` never goes back).
 * Also: the light/dark switch of every demo page reaches every element on it (an iframe's page through its own
 * switch, which the host sets), and in a 1280×800 window the sharer's toolbar stays in view while presenting.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startHarness, until, type Harness } from './support/harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** Starts counting loadstarts and currentTime regressions on the media elements `select` returns (in the page). */
function watch(page: Page, select: string): Promise<void> {
  return page.evaluate((select) => {
    const media = (new Function(`return (${select})`)() as (HTMLMediaElement | null)[]).filter(Boolean) as HTMLMediaElement[];
    const w = window as unknown as { seen: { loadstarts: number[]; back: string[]; start: number[]; last: number[] } };
    w.seen = { loadstarts: media.map(() => 0), back: [], start: media.map((m) => m.currentTime), last: media.map((m) => m.currentTime) };
    media.forEach((m, i) => m.addEventListener('loadstart', () => w.seen.loadstarts[i]++));
    setInterval(() => {
      media.forEach((m, i) => {
        if (m.currentTime < w.seen.last[i]) w.seen.back.push(`${m.getAttribute('part')}: ${w.seen.last[i]} → ${m.currentTime}`);
        w.seen.last[i] = m.currentTime;
      });
    }, 50);
  }, select);
}
const seen = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { seen: { loadstarts: number[]; back: string[]; start: number[]; last: number[] } }).seen;
    return { loadstarts: s.loadstarts, back: s.back, played: s.last.map((t, i) => Math.round(t - s.start[i])) };
  });

const TERMINAL_MEDIA = `[...document.querySelector('gs-terminal').shadowRoot.querySelectorAll('video, audio')]`;
const SHARER_MEDIA = `[document.querySelector('gs-screen-share').shadowRoot.querySelector('video')]`;

test('presenting with camera and audio for 6 s: neither page restarts a video or the audio', async () => {
  const terminal = await h.open('/terminal.html?id=e2e-continuity');
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  const sharer = await h.open('/?id=e2e-continuity&audio=1&camera=1');
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
  const playing = await until(
    () =>
      terminal.evaluate(() => {
        const t = document.querySelector('gs-terminal')!;
        return [t.video, t.cameraVideo, t.audio].every((m) => m && m.readyState >= 2 && m.currentTime > 0.3);
      }),
    15_000,
  );
  assert.ok(playing, 'the terminal plays screen, camera and audio');
  assert.ok(await until(() => sharer.evaluate(() => document.querySelector('gs-screen-share')!.lastStats !== null), 10_000), 'stats flow');
  await watch(terminal, TERMINAL_MEDIA);
  await watch(sharer, SHARER_MEDIA);
  await sharer.waitForTimeout(2000);
  await sharer.locator('#language').selectOption('zh');
  await terminal.evaluate(() => (document.documentElement.lang = 'ru'));
  await sharer.waitForTimeout(1000);
  await sharer.locator('#theme-dark').check();
  await terminal.locator('#theme-light').check();
  await sharer.waitForTimeout(1500);
  await sharer.locator('#theme-light').check();
  await terminal.locator('#theme-dark').check();
  await sharer.waitForTimeout(1500);
  const onTerminal = await seen(terminal);
  const onSharer = await seen(sharer);
  console.log(`# 6 s presenting: terminal loadstarts ${onTerminal.loadstarts} played ${onTerminal.played} s; preview loadstarts ${onSharer.loadstarts} played ${onSharer.played} s`);
  assert.deepEqual(onTerminal.loadstarts, [0, 0, 0], 'terminal: screen, camera, audio');
  assert.deepEqual(onSharer.loadstarts, [0], 'sharer preview');
  assert.deepEqual([...onTerminal.back, ...onSharer.back], []);
  for (const played of [...onTerminal.played, ...onSharer.played]) assert.ok(played >= 5, `played ${played} s of 6`);
  // The words did switch: the terminal speaks Russian, the sharer Chinese.
  assert.match(await terminal.locator('gs-terminal [part~="hangup-button"]').innerText(), /Завершить/);
  assert.equal(await sharer.locator('gs-screen-share [part~="stop-button"]').innerText(), '停止共享');
  await sharer.evaluate(() => document.querySelector('gs-screen-share')!.hangUp());
});

const DARK_BACKGROUND = '#161a22';

test('every demo page has the light/dark switch and it themes every element on it', async () => {
  for (const page of ['/', '/terminal.html?id=e2e-theme', '/room.html', '/call.html', '/gsrtc.html', '/react.html', '/vue.html', '/iframe-host.html?room=e2e-theme']) {
    const p = await h.open(page);
    await p.locator('#theme-dark').check();
    const tokens = await p.evaluate(() =>
      [...document.querySelectorAll('*')].filter((el) => el.localName.startsWith('gs-')).map((el) => [el.localName, getComputedStyle(el).getPropertyValue('--gs-color-background').trim()]),
    );
    if (!page.startsWith('/gsrtc') && !page.startsWith('/iframe-host')) assert.ok(tokens.length > 0, `${page} has elements`);
    for (const [name, value] of tokens) assert.equal(value, DARK_BACKGROUND, `${page} ${name}`);
    await p.locator('#theme-light').check();
    const light = await p.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--gs-color-background').trim());
    assert.match(light, /^#f{3}(f{3})?$/, `${page} light`);
    if (page.startsWith('/iframe-host')) {
      // The embedded conference page gets the host's choice on its own switch.
      const frame = p.frameLocator('#app');
      await frame.locator('gs-room').waitFor();
      const inner = () => p.frames()[1].evaluate(() => getComputedStyle(document.querySelector('gs-room')!).getPropertyValue('--gs-color-background').trim());
      await p.locator('#theme-dark').check();
      assert.equal(await until(async () => (await inner()) === DARK_BACKGROUND), true, 'dark reaches the iframe');
      await p.locator('#theme-light').check();
      assert.match(await inner(), /^#f{3}(f{3})?$/, 'light reaches the iframe');
    }
  }
  // The sharer and the terminal wear the tokens themselves.
  const terminal = await h.open('/terminal.html?id=e2e-theme-2');
  await terminal.locator('#theme-dark').check();
  assert.equal(await terminal.evaluate(() => getComputedStyle(document.querySelector('gs-terminal')!).backgroundColor), 'rgb(22, 26, 34)');
  await terminal.locator('#theme-light').check();
  assert.equal(await terminal.evaluate(() => getComputedStyle(document.querySelector('gs-terminal')!).backgroundColor), 'rgb(255, 255, 255)');
});

test('a 1280×800 window: the sharer\'s toolbar stays in view while presenting (screenshot)', async () => {
  const terminal = await h.open('/terminal.html?id=e2e-fold');
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  const sharer = await h.open('/?id=e2e-fold');
  await sharer.setViewportSize({ width: 1280, height: 800 });
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
  assert.ok(await until(() => sharer.evaluate(() => document.querySelector('gs-screen-share')!.lastStats !== null), 10_000));
  await sharer.waitForTimeout(500);
  const rects = await sharer.evaluate(() => {
    const root = document.querySelector('gs-screen-share')!.shadowRoot!;
    const [toolbar, preview] = ['toolbar', 'preview'].map((part) => root.querySelector(`[part~="${part}"]`)!.getBoundingClientRect().toJSON() as DOMRect);
    return { toolbar, preview, height: innerHeight, width: innerWidth };
  });
  console.log(`# 1280×800: preview ${Math.round(rects.preview.height)} px tall, toolbar bottom at ${Math.round(rects.toolbar.bottom)} px`);
  assert.ok(rects.preview.height > 200, 'the preview is shown');
  assert.ok(rects.toolbar.top >= 0 && rects.toolbar.bottom <= rects.height, `toolbar ${rects.toolbar.top}–${rects.toolbar.bottom} in a ${rects.height} px window`);
  const dir = process.env.UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs/screenshots') : mkdtempSync(path.join(tmpdir(), 'gs-fold-'));
  const file = path.join(dir, 'sharer-1280x800.png');
  await sharer.screenshot({ path: file });
  assert.ok(statSync(file).size > 10_000);
  await sharer.evaluate(() => document.querySelector('gs-screen-share')!.hangUp());
});
