/**
 * TURN end to end: Debian's coturn on loopback with `use-auth-secret`, our server handing out TURN REST
 * credentials (`GET /turn-credentials`), and the demo pages in Chromium sharing a screen with both elements set to
 * `rtcConfiguration = { iceServers, iceTransportPolicy: 'relay' }`: the selected candidate pair is relay on both
 * sides and the terminal decodes frames.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSignallingServer, type SignallingServer } from '../../src/server/server.js';
import { chromiumArgs, demoDir, terminalFramesDecoded, until } from './support/harness.js';
import { startCoturn, type Coturn } from './support/turn.js';

let turn: Coturn;
let server: SignallingServer;
let origin: string;
let browser: Browser;

before(async () => {
  turn = await startCoturn();
  server = createSignallingServer({ staticDir: demoDir, turn: { secret: turn.secret, urls: [turn.url], ttlSeconds: 600 } });
  origin = `http://localhost:${await server.listen(0, '127.0.0.1')}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: chromiumArgs });
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  await turn?.close();
});

/** Fetches TURN credentials in the page and returns an RTCConfiguration that allows only relayed candidates. */
const relayOnly = `(async () => {
  const { iceServers } = await (await fetch('/turn-credentials')).json();
  return { iceServers, iceTransportPolicy: 'relay' };
})()`;

/** The selected candidate pair's local and remote candidate types. */
function selectedPair(page: Page, element: 'gs-screen-share' | 'gs-terminal'): Promise<{ local?: string; remote?: string; state?: string }> {
  return page.evaluate(async (tag) => {
    const pc = (document.querySelector(tag) as unknown as { peerConnection: RTCPeerConnection | null }).peerConnection;
    if (!pc) return {};
    const stats = await pc.getStats();
    const byId = new Map<string, any>();
    stats.forEach((s: any) => byId.set(s.id, s));
    let pair: any;
    stats.forEach((s: any) => {
      if (s.type === 'transport' && s.selectedCandidatePairId) pair = byId.get(s.selectedCandidatePairId);
    });
    if (!pair) stats.forEach((s: any) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
    if (!pair) return {};
    return { local: byId.get(pair.localCandidateId)?.candidateType, remote: byId.get(pair.remoteCandidateId)?.candidateType, state: pair.state };
  }, element);
}

test('a screen shared through coturn only (iceTransportPolicy relay): relay candidate pair, frames decoded', async () => {
  const terminal = await (await browser.newContext()).newPage();
  terminal.on('pageerror', (e) => console.error(`[terminal] ${e.message}`));
  await terminal.goto(`${origin}/terminal.html?id=turn-boot`);
  // Set rtcConfiguration before the terminal id it registers under (it is read when the terminal registers).
  await terminal.evaluate(async (code) => {
    const t = document.querySelector('gs-terminal')!;
    t.rtcConfiguration = await (0, eval)(code);
    t.terminalId = 'turn-e2e';
  }, relayOnly);
  assert.ok(await until(async () => (await terminal.evaluate(() => document.querySelector('gs-terminal')!.state)) === 'online'));
  const sharer = await (await browser.newContext()).newPage();
  sharer.on('pageerror', (e) => console.error(`[sharer] ${e.message}`));
  await sharer.goto(`${origin}/?id=turn-e2e`);
  // The sharer fetches its TURN credentials itself before the call (ice-servers-url).
  await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    el.rtcConfiguration = { iceTransportPolicy: 'relay' };
    el.iceServersUrl = '/turn-credentials';
  });
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
  const configured = await sharer.evaluate(() => document.querySelector('gs-screen-share')!.peerConnection!.getConfiguration());
  assert.equal(configured.iceTransportPolicy, 'relay');
  assert.match(String((configured.iceServers?.[0] as RTCIceServer).username), /^\d+:[0-9a-f]+$/);

  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
  const frames = await until(async () => ((await terminalFramesDecoded(terminal)) >= 20 ? terminalFramesDecoded(terminal) : 0), 20_000);
  assert.ok(frames >= 20, `framesDecoded ${frames}`);
  const sharerPair = await until(async () => ((await selectedPair(sharer, 'gs-screen-share')).local ? selectedPair(sharer, 'gs-screen-share') : null));
  const terminalPair = await until(async () => ((await selectedPair(terminal, 'gs-terminal')).local ? selectedPair(terminal, 'gs-terminal') : null));
  assert.deepEqual(sharerPair, { local: 'relay', remote: 'relay', state: 'succeeded' });
  assert.deepEqual(terminalPair, { local: 'relay', remote: 'relay', state: 'succeeded' });
  assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.hangUp())).code, 200);
});
