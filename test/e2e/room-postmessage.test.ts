/**
 * Web-to-app signalling (seed 004): a conference page inside an iframe (`signalling="postmessage"`) opens no
 * WebSocket; its parent page carries the gs-room-json frames with bridgePostMessageToWebSocket. The framed member
 * joins the same room as an ordinary page, they decode each other's cameras and chat.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { startHarness, until, type Harness } from './support/harness.js';
import { framesFrom, joinByForm, memberIdOf, roomState, tilePixels } from './support/room.js';

let h: Harness;
let host: Page;
let framed: Frame;
let plain: Page;

/** Counts WebSocket constructions per window (every frame), before any page script runs. */
const countSockets = () => {
  const Original = window.WebSocket;
  (window as unknown as { sockets: number }).sockets = 0;
  window.WebSocket = class extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      (window as unknown as { sockets: number }).sockets++;
    }
  } as typeof WebSocket;
};

before(async () => {
  h = await startHarness();
});

after(async () => {
  await h?.close();
});

test('a page in an iframe joins a room with its parent carrying the signalling', async () => {
  const context = await h.browser.newContext({ viewport: { width: 1100, height: 900 } });
  h.contexts.push(context);
  await context.addInitScript(countSockets);
  host = await context.newPage();
  await host.goto(`${h.origin}/iframe-host.html?room=e2e-frame`);
  const found = await until(async () => host.frames().find((f) => f.url().includes('room.html')) ?? null);
  assert.ok(found, 'the iframe loads room.html');
  framed = found;
  await framed.waitForFunction(() => customElements.get('gs-room') !== undefined);
  assert.equal(await framed.evaluate(() => document.querySelector('gs-room')!.signalling), 'postmessage');
  await framed.locator('gs-room input[name="user"]').fill('Framed');
  await framed.locator('gs-room [part~="join-button"]').click();
  assert.ok(await until(() => framed.evaluate(() => document.querySelector('gs-room')!.state === 'joined')), 'the framed page joined');
  assert.equal(h.server.stats().members, 1);
  assert.deepEqual(
    { frame: await framed.evaluate(() => (window as unknown as { sockets: number }).sockets), host: await host.evaluate(() => (window as unknown as { sockets: number }).sockets) },
    { frame: 0, host: 1 },
    'the framed page opened no WebSocket; the host opened one for it',
  );
});

test('an ordinary page in the same room and the framed page decode each other and chat', async () => {
  plain = await h.open('/room.html?room=e2e-frame');
  await joinByForm(plain, 'Plain');
  assert.ok(await until(async () => (await roomState(plain)) === 'joined'));
  const plainId = await memberIdOf(plain);
  const framedId = await framed.evaluate(() => document.querySelector('gs-room')!.memberId);
  const fromFramed = await until(async () => ((await framesFrom(plain, framedId)) >= 20 ? framesFrom(plain, framedId) : 0), 20_000);
  assert.ok(fromFramed >= 20, `the plain page decodes the framed camera: ${fromFramed}`);
  assert.ok(await until(async () => (await tilePixels(plain, framedId)).lit >= 16), 'the framed camera is not black');
  const toFramed = await until(
    () =>
      framed.evaluate(async (id) => {
        const el = document.querySelector('gs-room')!;
        const pc = el.connectionTo(id);
        let frames = 0;
        (await pc?.getStats())?.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
        });
        return frames >= 20 ? frames : 0;
      }, plainId),
    20_000,
  );
  assert.ok(toFramed >= 20, `the framed page decodes the plain camera: ${toFramed}`);
  assert.equal((await framed.evaluate(() => document.querySelector('gs-room')!.sendMessage('from the frame'))).code, 200);
  const got = await until(() => plain.evaluate(() => document.querySelector('gs-room')!.messages.map((m) => `${m.displayName}: ${m.text}`).join('|')));
  assert.equal(got, 'Framed: from the frame');
});

test('the framed page leaves: the server and the plain page see it go', async () => {
  assert.equal((await framed.evaluate(() => document.querySelector('gs-room')!.leave())).code, 200);
  assert.ok(await until(async () => h.server.stats().members === 1), 'one member left on the server');
  assert.ok(await until(() => plain.evaluate(() => document.querySelector('gs-room')!.participants.length === 0)));
});
