/**
 * The demo sharer page as a person sees it, in each look and language: light and dark (the page's pure-CSS theme
 * switch), English, Chinese and Russian (?lang=, which sets <html lang>, which the element follows). Each is
 * checked (colours from the --gs-color-* properties, words from the message table) while really presenting to a
 * terminal, and photographed: UPDATE_SCREENSHOTS=1 writes demo/screenshots/<name>.png, which demo/index.html shows;
 * otherwise the pictures go to a temporary folder. The other demo pages (terminal, gsRTC, room, video call) are
 * photographed in use as well.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startHarness, until, type Harness } from './support/harness.js';

let h: Harness;
let n = 0;
const dir = process.env.UPDATE_SCREENSHOTS ? path.join(repoRoot, 'demo/screenshots') : mkdtempSync(path.join(tmpdir(), 'gs-shots-'));
mkdirSync(dir, { recursive: true });

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** Opens a terminal and the sharer page (`query` added), calls and presents until the stats panel shows figures. */
async function presenting(query: string): Promise<{ sharer: Page; terminal: Page }> {
  const id = `e2e-shots-${++n}`;
  const terminal = await h.open(`/terminal.html?id=${id}`);
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  const sharer = await h.open(`/?id=${id}${query}`);
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
  assert.ok(await until(() => sharer.evaluate(() => document.querySelector('gs-screen-share')!.lastStats !== null), 15_000), 'stats shown');
  // The preview shows frames (the local <video> has painted one).
  assert.ok(
    await until(() =>
      sharer.evaluate(() => {
        const video = document.querySelector('gs-screen-share')!.shadowRoot!.querySelector('video')!;
        return video.readyState >= 2 && video.currentTime > 0.5;
      }),
    ),
    'the preview plays',
  );
  await sharer.waitForTimeout(300); // the panel renders the sample
  return { sharer, terminal };
}

const hostStyle = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.querySelector('gs-screen-share')!);
    return { background: style.backgroundColor, color: style.color };
  });
const partText = (page: Page, part: string) => page.locator(`gs-screen-share [part~="${part}"]`).first().innerText();
/**
 * Waits until the sharer and its stats panel have rendered in the page's language: the Chinese and Russian tables
 * load on demand, and each element's updateComplete waits for its table to arrive and be rendered.
 */
const inItsLanguage = (page: Page) =>
  page.evaluate(async () => {
    const sharer = document.querySelector('gs-screen-share')!;
    await sharer.updateComplete;
    await sharer.shadowRoot!.querySelector('gs-share-stats')?.updateComplete;
  });

async function shoot(page: Page, name: string) {
  const file = path.join(dir, `${name}.png`);
  // From the top of the page to the element's bottom edge (the screenshot gallery below stays out of the picture).
  const bottom = await page.evaluate(() => document.querySelector('gs-screen-share')!.getBoundingClientRect().bottom + window.scrollY);
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: Math.ceil(bottom) + 24 } });
  assert.ok(statSync(file).size > 10_000, `${name}.png is a real picture`);
}

test('light: the theme switch sets the light --gs-color-* values', async () => {
  const { sharer } = await presenting('&lang=en');
  await sharer.locator('#theme-light').check();
  assert.deepEqual(await hostStyle(sharer), { background: 'rgb(255, 255, 255)', color: 'rgb(29, 35, 48)' });
  await shoot(sharer, 'light');
});

test('dark: the theme switch, pure CSS, sets the dark values', async () => {
  const { sharer } = await presenting('&lang=en');
  await sharer.locator('#theme-dark').check();
  assert.deepEqual(await hostStyle(sharer), { background: 'rgb(22, 26, 34)', color: 'rgb(232, 235, 242)' });
  assert.equal(await sharer.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(10, 12, 17)');
  await shoot(sharer, 'dark');
});

test('en: English words, and a failure with its code and what to do next', async () => {
  const sharer = await h.open(`/?id=e2e-shots-nobody&lang=en`);
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 486);
  assert.equal(await partText(sharer, 'call-button'), 'Call');
  assert.match(await partText(sharer, 'status'), /Error 486: The terminal has no free line\. Wait until a line is free, then call again\./);
  await shoot(sharer, 'en');
});

test('zh: the page in Chinese', async () => {
  const { sharer } = await presenting('&lang=zh');
  await inItsLanguage(sharer);
  assert.equal(await partText(sharer, 'call-button'), '呼叫');
  assert.equal(await partText(sharer, 'status'), '正在演示您的屏幕');
  assert.equal(await partText(sharer, 'label'), '分辨率');
  await shoot(sharer, 'zh');
});

test('ru: the page in Russian', async () => {
  const { sharer } = await presenting('&lang=ru');
  await inItsLanguage(sharer);
  assert.equal(await partText(sharer, 'stop-button'), 'Остановить показ');
  assert.equal(await partText(sharer, 'status'), 'Ваш экран показывается');
  await shoot(sharer, 'ru');
});

/** A full-page picture of `page` as `name`.png (the other demo pages, each in use). */
async function shootPage(page: Page, name: string) {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(statSync(file).size > 10_000, `${name}.png is a real picture`);
}

test('the other demo pages, each in use: terminal (showing a presentation), gsRTC page, room, video call', async () => {
  const { terminal } = await presenting('&lang=en');
  assert.ok(await until(() => terminal.evaluate(() => (document.querySelector('gs-terminal')!.video?.videoWidth ?? 0) > 0)), 'the terminal shows the screen');
  await shootPage(terminal, 'terminal');

  const gsrtc = await h.open('/gsrtc.html?id=e2e-shots-gsrtc');
  assert.ok(await until(() => gsrtc.evaluate(() => typeof (window as unknown as { gsRTC?: unknown }).gsRTC === 'object')), 'the classic script set window.gsRTC');
  await shootPage(gsrtc, 'gsrtc');

  const room = await h.open('/room.html');
  assert.equal((await room.evaluate(() => document.querySelector('gs-room')!.join('e2e-shots-room', 'Alice'))).code, 200);
  assert.ok(
    await until(() => room.evaluate(() => document.querySelector('gs-room')!.state === 'joined')),
    'joined, camera published',
  );
  assert.equal((await room.evaluate(() => document.querySelector('gs-room')!.publish())).code, 200);
  assert.equal((await room.evaluate(() => document.querySelector('gs-room')!.sendMessage('Hello, room'))).code, 200);
  await room.waitForTimeout(1000); // the camera tile paints
  await shootPage(room, 'room');

  const call = await h.open('/call.html');
  assert.equal((await call.evaluate(() => document.querySelector('gs-video-call')!.join('e2e-shots-lobby', 'Bob'))).code, 200);
  await shootPage(call, 'call');
});
