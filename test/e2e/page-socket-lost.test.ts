/**
 * The page's own WebSocket lost mid-presentation (issue 3, "302 socket lost mid-call (full clean-up, nothing left
 * running)"; PROTOCOL.md "Codes" 302). The sharer in Chromium reaches the real server through a TCP proxy in this
 * process; the proxy then drops every connection at once, as a network failure would (no closing handshake).
 * The sharer must report hangup 302 with its capture track ended and its peer connection closed; the server, having
 * lost the holder page, ends the call at the terminal (destroyMediaSession), which goes back to online and free.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startHarness, terminalFramesDecoded, until, type Harness } from './support/harness.js';

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

/** A loopback TCP proxy to `port` whose connections can all be dropped at once. */
async function startProxy(port: number): Promise<{ port: number; dropAll(): number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    dropAll() {
      const n = sockets.size;
      for (const s of sockets) s.resetAndDestroy();
      return n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('the page\'s socket is lost mid-presentation: state failed, hangup 302, capture ended, peer closed; the terminal is freed', async () => {
  const h: Harness = await startHarness();
  cleanups.push(() => h.close());
  const proxy = await startProxy(h.port);
  cleanups.push(() => proxy.close());

  const terminal = await h.open('/terminal.html?id=e2e-page-lost');
  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
  const sharer = await h.open('/');
  const events = await sharer.evaluate(async (address) => {
    const el = document.querySelector('gs-screen-share')!;
    const seen: { name: string; code: number }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    for (const name of ['hangup', 'error']) el.addEventListener(name, (e) => seen.push({ name, code: (e as CustomEvent).detail.code }));
    el.address = address;
    const call = await el.call();
    const share = await el.beginScreen();
    const w = window as unknown as { track: MediaStreamTrack; pc: RTCPeerConnection };
    w.track = el.localStream!.getVideoTracks()[0];
    w.pc = el.peerConnection!;
    return [call.code, share.code];
  }, `ws://127.0.0.1:${proxy.port}/terminals/e2e-page-lost`);
  assert.deepEqual(events, [200, 200]);
  assert.ok(await until(async () => (await terminalFramesDecoded(terminal)) > 10), 'the terminal decodes the screen first');
  assert.equal(h.server.stats().sessions, 1);

  assert.ok(proxy.dropAll() >= 2, 'the page\'s connection went through the proxy');

  const seen = () => sharer.evaluate(() => (window as unknown as { seen: { name: string; code: number }[] }).seen);
  assert.ok(await until(async () => (await seen()).some((e) => e.name === 'hangup')), 'the sharer hears of it');
  assert.deepEqual((await seen()).filter((e) => e.name === 'hangup').map((e) => e.code), [302]);
  assert.ok((await seen()).some((e) => e.name === 'error' && e.code === 302), 'error 302 as well');
  const after = await sharer.evaluate(() => {
    const el = document.querySelector('gs-screen-share')!;
    const w = window as unknown as { track: MediaStreamTrack; pc: RTCPeerConnection };
    return { state: el.state, stream: el.localStream, pc: el.peerConnection, track: w.track.readyState, signaling: w.pc.signalingState };
  });
  assert.deepEqual(after, { state: 'failed', stream: null, pc: null, track: 'ended', signaling: 'closed' });

  assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')), 'the terminal leaves the call');
  assert.equal(await terminal.evaluate(() => document.querySelector('gs-terminal')!.peerConnection), null, 'the terminal closed its peer');
  assert.ok(await until(async () => h.server.stats().sessions === 0), 'the server holds no session');
});
