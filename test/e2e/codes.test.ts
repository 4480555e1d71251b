/** Codes that need a real browser and server: 301 (insecure context), 486 (busy line), 300 (bad address). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, until, type Harness } from './support/harness.js';

let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('301: a page that is not a secure context cannot share; the call itself still works', async () => {
  const terminal = await h.open('/terminal.html?id=e2e-301');
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  const page = await h.openUrl(`http://insecure.test:${h.port}/?id=e2e-301`);
  assert.equal(await page.evaluate(() => window.isSecureContext), false);
  const call = await page.evaluate((port) => document.querySelector('gs-screen-share')!.call(`ws://insecure.test:${port}/terminals/e2e-301`), h.port);
  assert.equal(call.code, 200);
  const begin = await page.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen());
  assert.equal(begin.code, 301);
  assert.equal(await page.evaluate(() => document.querySelector('gs-screen-share')!.state), 'connected');
  assert.match(await page.locator('gs-screen-share').locator('[part="status"]').innerText(), /301/);
  await page.evaluate(() => document.querySelector('gs-screen-share')!.hangUp());
});

test('486: a second page calling a busy terminal is refused; the first call is untouched', async () => {
  const terminal = await h.open('/terminal.html?id=e2e-486');
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  const first = await h.open('/?id=e2e-486');
  const second = await h.open('/?id=e2e-486');
  assert.equal((await first.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
  // Another user: the same userName twice would replace the first call (501), not be refused.
  await second.evaluate(() => (document.querySelector('gs-screen-share')!.userName = 'someone-else'));
  const refused = await second.evaluate(() => document.querySelector('gs-screen-share')!.call());
  assert.equal(refused.code, 486);
  assert.match(refused.message, /busy/);
  assert.equal(await second.evaluate(() => document.querySelector('gs-screen-share')!.state), 'failed');
  assert.equal((await first.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
});
