/**
 * The same <gs-screen-share> embedded from React 19 (the @lit/react wrapper and a plain element via a ref) and
 * from Vue 3 (custom element config, kebab-case gs- event aliases): a person presses the element's own buttons,
 * the framework receives the events, and the terminal decodes the shared screen. Demo pages demo/react.html and
 * demo/vue.html, built by vite, served by the real signalling server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, startHarness, terminalFramesDecoded, until, type Harness } from './support/harness.js';

/** UPDATE_SCREENSHOTS=1 keeps a picture of each page for demo/index.html. */
const screenshotPath = (name: string) => {
  const dir = path.join(repoRoot, 'demo/screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
};

let h: Harness;
let n = 0;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

async function terminalFor(): Promise<{ id: string; terminal: Page }> {
  const id = `e2e-embed-${++n}`;
  const terminal = await h.open(`/terminal.html?id=${id}`);
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  return { id, terminal };
}

const logLines = (page: Page) => page.locator('#log li').allInnerTexts();
const logHas = (page: Page, line: string) => until(async () => (await logLines(page)).includes(line));

async function shareThrough(page: Page, terminal: Page, host: string, stateOutput: string) {
  await page.locator(`${host} [part~="call-button"]`).click();
  assert.ok(await until(async () => (await page.locator(stateOutput).innerText()) === 'connected'), 'the framework sees connected');
  await page.locator(`${host} [part~="share-button"]`).click();
  assert.ok(await logHas(page, 'shareScreen 200'), `shareScreen 200 reached the framework: ${await logLines(page)}`);
  const frames = await until(async () => ((await terminalFramesDecoded(terminal)) >= 30 ? terminalFramesDecoded(terminal) : 0), 15_000);
  assert.ok(frames >= 30, `terminal framesDecoded ${frames}`);
  await page.locator(`${host} [part~="stop-button"]`).click();
  assert.ok(await logHas(page, 'stopShareScreen 200'));
  await page.locator(`${host} [part~="hangup-button"]`).click();
  assert.ok(await logHas(page, 'hangup 200'));
  assert.ok(await until(async () => (await page.locator(stateOutput).innerText()) === 'idle'));
}

test('React 19 through @lit/react: props set, buttons pressed, events as on… props, the screen reaches the terminal', async () => {
  const { id, terminal } = await terminalFor();
  const page = await h.open(`/react.html?id=${id}`);
  assert.equal(await page.evaluate(() => (document.querySelector('#wrapped') as HTMLElement & { userName: string }).userName), 'react_wrapper');
  await shareThrough(page, terminal, '#wrapped', '#react-state');
  const states = (await logLines(page)).filter((l) => l.startsWith('state-change')).reverse();
  assert.deepEqual(states, ['state-change calling', 'state-change connected', 'state-change presenting', 'state-change stopping', 'state-change connected', 'state-change hangingUp', 'state-change idle']);

  // The plain element React 19 rendered itself: property set, events through the ref's listener.
  assert.equal(await page.evaluate(() => (document.querySelector('#plain') as HTMLElement & { userName: string }).userName), 'react_plain');
  await page.locator('#plain [part~="call-button"]').click();
  assert.ok(await logHas(page, 'plain state-change connected'));
  await page.evaluate(() => (document.querySelector('#plain') as HTMLElement & { hangUp(): Promise<unknown> }).hangUp());
  assert.ok(await logHas(page, 'plain state-change idle'));
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: screenshotPath('react') });
});

test('Vue 3 with isCustomElement: bound properties, @state-change and @gs-share-screen listeners, the screen reaches the terminal', async () => {
  const { id, terminal } = await terminalFor();
  const page = await h.open(`/vue.html?id=${id}`);
  // Vue left the tag to the browser (an upgraded custom element, not a Vue component) and set the property.
  assert.equal(await page.evaluate(() => customElements.get('gs-screen-share') === document.querySelector('#vue-share')!.constructor), true);
  assert.equal(await page.evaluate(() => (document.querySelector('#vue-share') as HTMLElement & { userName: string }).userName), 'vue_client');
  await shareThrough(page, terminal, '#vue-share', '#vue-state');
  // In a string template Vue 3.5 keeps the camelCase name: `@shareScreen` heard the event too, once.
  assert.deepEqual((await logLines(page)).filter((l) => l.startsWith('camelCase')), ['camelCase shareScreen 200']);
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: screenshotPath('vue') });
});
