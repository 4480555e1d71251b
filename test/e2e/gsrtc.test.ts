/**
 * A page written for the original gsRTC library (demo/gsrtc.html: classic script tag, global functions,
 * gsRTC.on registrations) shares its screen to the demo terminal through the same session statechart.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, terminalFramesDecoded, until, type Harness } from './support/harness.js';

let h: Harness;
let page: Page;
let terminal: Page;

const results = () => page.evaluate(() => (window as unknown as { results: string[] }).results.slice());
const click = async (id: string, expect: string) => {
  const before = (await results()).length;
  await page.click(`#${id}`);
  assert.ok(await until(async () => (await results()).slice(before).includes(expect)), `${id} → ${expect}; got ${(await results()).slice(before)}`);
};

before(async () => {
  h = await startHarness();
  terminal = await h.open('/terminal.html?id=e2e-gsrtc');
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  page = await h.open('/gsrtc.html?id=e2e-gsrtc');
});
after(async () => {
  await h?.close();
});

test('the classic script sets window.gsRTC and the original global functions', async () => {
  const globals = await page.evaluate(() =>
    ['preInit', 'call', 'beginScreen', 'pausePresent', 'stopScreen', 'hangUP'].map((n) => typeof (window as unknown as Record<string, unknown>)[n]),
  );
  assert.deepEqual(globals, ['function', 'function', 'function', 'function', 'function', 'function']);
  assert.equal(await page.evaluate(() => typeof (window as unknown as { gsRTC: { on: unknown } }).gsRTC.on), 'function');
});

test('call, beginScreen, pause, resume, stop, hang up: callbacks and registrations get the codes of seed 000', async () => {
  await click('btn-call', 'call callback 200');
  await click('btn-share', 'beginScreen callback 200');
  assert.ok(await until(async () => (await terminalFramesDecoded(terminal)) >= 30, 15_000), 'frames decode at the terminal');
  await click('btn-pause', 'pausePresent callback 200');
  await click('btn-resume', 'pausePresent callback 200');
  await click('btn-stop', 'stopScreen callback 200');
  await click('btn-stop', 'stopScreen callback 106');
  await click('btn-hangup', 'hangUP callback 200');
  const log = await results();
  for (const line of ['shareScreen 200', 'pauseShareScreen 200', 'stopShareScreen 200', 'stopShareScreen 106', 'hangup 200']) {
    assert.ok(log.includes(line), `${line} in ${log}`);
  }
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
});

test('a terminal request reaches gsRTC.on(shareScreenRequest); the handler returning true accepts', async () => {
  await click('btn-call', 'call callback 200');
  const answer = await terminal.evaluate(() => document.querySelector('gs-terminal')!.requestPresentation());
  assert.equal(answer.code, 200);
  assert.ok((await results()).includes('shareScreenRequest'));
  assert.ok(await until(async () => (await results()).includes('shareScreen 200')));
  await terminal.evaluate(() => document.querySelector('gs-terminal')!.hangUp());
  assert.ok(await until(async () => (await results()).includes('hangupRequest 200')));
});

test('call with an invalid address answers 300', async () => {
  const code = await page.evaluate(
    () => new Promise<number>((resolve) => (window as unknown as { call: (a: string, cb: (c: number) => void) => void }).call('http://nope', resolve)),
  );
  assert.equal(code, 300);
});
