/**
 * Conferences through Janus (README "Conferences through Janus"; seed 001 steps 5-7 and 13-16): the server in SFU
 * mode with Debian's Janus, six `<gs-room>` pages in one room (one Chromium, a context each, 320×240 cameras).
 * Each page publishes once and decodes the five others on at most two RTCPeerConnections; a shared screen reaches
 * everyone; a member who leaves loses its tile everywhere; a member of another room cannot use this room's media.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { until } from './support/harness.js';
import { framesFrom, joinByForm, memberIdOf, recordEvents, roomEvents, roomState, tileIds, tilePixels } from './support/room.js';
import { countPeerConnections, smallCamera, startSfuHarness } from './support/janus.js';
import { assertPlayable } from './support/recording.js';
import { readdirSync } from 'node:fs';
import path from 'node:path';

let env: Awaited<ReturnType<typeof startSfuHarness>>;
const pages: Record<string, Page> = {};
const ids: Record<string, string> = {};
const ROOM = 'e2e-sfu';
const NAMES = { A: 'Alice', B: 'Bob', C: 'Carol', D: 'Dave', E: 'Erin', F: 'Frank' } as const;
type Who = keyof typeof NAMES;
const WHO = Object.keys(NAMES) as Who[];

before(async () => {
  env = await startSfuHarness();
});

after(async () => {
  await env?.close();
});

async function openMember(who: string, room = ROOM): Promise<Page> {
  const page = await env.h.open(`/room.html?room=${room}`);
  await smallCamera(page);
  await countPeerConnections(page);
  await recordEvents(page);
  // tsx names the functions of these tests' page callbacks with esbuild's __name helper, which the page lacks.
  await page.addScriptTag({ content: 'window.__name = (f) => f;' });
  return page;
}

/** Waits until `viewer` has decoded ≥ `min` frames of `member`'s `kind`; returns the count. */
async function decodes(viewer: Page, memberId: string, kind: 'camera' | 'screen' = 'camera', min = 10, timeoutMs = 30_000): Promise<number> {
  return until(async () => {
    const f = await framesFrom(viewer, memberId, kind);
    return f >= min ? f : 0;
  }, timeoutMs, 250);
}

test('six members join through Janus: each publishes once and decodes the five others on at most two peer connections', async () => {
  for (const who of WHO) {
    pages[who] = await openMember(who);
    await joinByForm(pages[who], NAMES[who]);
    assert.ok(await until(async () => (await roomState(pages[who])) === 'joined', 15_000), `${who} joined`);
    ids[who] = await memberIdOf(pages[who]);
  }
  assert.equal(env.h.server.stats().members, 6);
  for (const who of WHO) {
    const published = await until(async () => (await roomEvents(pages[who])).find((e) => e.name === 'published'), 15_000);
    assert.equal(published?.detail.code, 200, `${who} published: ${JSON.stringify(published?.detail)}`);
  }
  const figures: string[] = [];
  for (const viewer of WHO) {
    for (const member of WHO) {
      if (member === viewer) continue;
      const frames = await decodes(pages[viewer], ids[member]);
      assert.ok(frames >= 10, `${viewer} decodes ${member}'s camera (${frames} frames)`);
      figures.push(`${viewer}←${member} ${frames}`);
    }
    const pcs = await pages[viewer].evaluate(() => (window as unknown as { pcCount: number }).pcCount);
    assert.ok(pcs <= 2, `${viewer} made ${pcs} RTCPeerConnections (at most 2: publish, subscribe)`);
  }
  const pixels = await tilePixels(pages.A, ids.F);
  assert.ok(pixels.lit >= 16, `A shows F's camera with pixels not black (${pixels.lit}/64, ${pixels.width}x${pixels.height})`);
  console.log(`# sfu decode (frames): ${figures.join('; ')}`);
});

test('each camera arrives in the simulcast layer that fits its tile', async () => {
  const layers = await pages.A.evaluate((others) => {
    const el = document.querySelector('gs-room') as unknown as { client: { sfu: { layerOf(id: string): number | undefined } } };
    return others.map((id) => el.client.sfu.layerOf(id));
  }, WHO.filter((w) => w !== 'A').map((w) => ids[w]));
  const tile = await pages.A.evaluate((id) => document.querySelector('gs-room')!.shadowRoot!.querySelector<HTMLElement>(`[part~="tile"][data-member-id="${id}"]`)!.clientWidth, ids.B);
  // 640-wide capture: 160 px (substream 0), 320 px (1), 640 px (2); a tile of `tile` px asks for the one above it.
  const expected = tile <= 160 ? 0 : tile <= 320 ? 1 : 2;
  assert.deepEqual(layers, layers.map(() => expected), `A's tiles are ${tile} px wide: every camera asks for substream ${expected}, got ${layers}`);
});

test('B shares its screen: the five others decode it beside B\'s camera; stopping removes it everywhere', async () => {
  const result = await pages.B.evaluate(() => document.querySelector('gs-room')!.shareScreen());
  assert.equal(result.code, 200, JSON.stringify(result));
  for (const viewer of WHO.filter((w) => w !== 'B')) {
    const frames = await decodes(pages[viewer], ids.B, 'screen', 5);
    assert.ok(frames >= 5, `${viewer} decodes B's screen (${frames} frames)`);
    const pcs = await pages[viewer].evaluate(() => (window as unknown as { pcCount: number }).pcCount);
    assert.ok(pcs <= 2, `${viewer} still has at most two peer connections (${pcs})`);
  }
  assert.equal((await pages.B.evaluate(() => document.querySelector('gs-room')!.stopScreen())).code, 200);
  for (const viewer of WHO.filter((w) => w !== 'B')) {
    const gone = await until(
      () => pages[viewer].evaluate((id) => !document.querySelector('gs-room')!.shadowRoot!.querySelector(`[data-member-id="${id}"] video[data-kind="screen"]`), ids.B),
      30_000,
    );
    assert.ok(gone, `${viewer} drops B's screen video`);
  }
});

test('a member of another room cannot publish or subscribe in this room with its own Janus token', async () => {
  const other = await openMember('X', 'e2e-sfu-other');
  await joinByForm(other, 'Xavier');
  assert.ok(await until(async () => (await roomState(other)) === 'joined', 15_000));
  const janusRoom = env.h.server.sfu!.roomOf(ROOM)!.id;
  const outcome = await other.evaluate(async (room) => {
    const el = document.querySelector('gs-room') as unknown as { client: { access: { url: string; token: string; feed: number } } };
    const { url, token } = el.client.access;
    const ws = new WebSocket(url, 'janus-protocol');
    const replies: Record<string, unknown>[] = [];
    ws.onmessage = (e) => replies.push(JSON.parse(e.data as string));
    await new Promise((r) => (ws.onopen = r));
    const wait = async (t: string) => {
      for (let i = 0; i < 300; i++) {
        const m = replies.find((x) => x.transaction === t && x.janus !== 'ack');
        if (m) return m;
        await new Promise((r) => setTimeout(r, 50));
      }
      return null;
    };
    ws.send(JSON.stringify({ janus: 'create', transaction: 'c' }));
    const session = ((await wait('c')) as { data: { id: number } }).data.id;
    const attach = async (t: string) => {
      ws.send(JSON.stringify({ janus: 'attach', plugin: 'janus.plugin.videoroom', session_id: session, transaction: t }));
      return ((await wait(t)) as { data: { id: number } }).data.id;
    };
    const handle = await attach('a');
    const codes: Record<string, unknown> = {};
    // Janus lists a private room's participants to anyone who knows its (random, 48-bit) id: take a real feed from it.
    ws.send(JSON.stringify({ janus: 'message', session_id: session, handle_id: handle, transaction: 'l', body: { request: 'listparticipants', room } }));
    const feed = ((await wait('l')) as { plugindata: { data: { participants: { id: number }[] } } }).plugindata.data.participants[0].id;
    for (const [t, body] of [
      ['pub', { request: 'join', ptype: 'publisher', room, display: 'intruder', token }],
      ['sub', { request: 'join', ptype: 'subscriber', room, streams: [{ feed }], token }],
      ['subNoToken', { request: 'join', ptype: 'subscriber', room, streams: [{ feed }] }],
      ['none', { request: 'join', ptype: 'publisher', room, display: 'intruder' }],
      ['subOwnPvtid', { request: 'join', ptype: 'subscriber', room, streams: [{ feed }], private_id: 1 }],
    ] as const) {
      // A fresh handle per attempt: a handle that joined once answers 425 (already joined) to the next.
      ws.send(JSON.stringify({ janus: 'message', session_id: session, handle_id: await attach(`h${t}`), transaction: t, body }));
      const m = (await wait(t)) as { plugindata?: { data?: { error_code?: number; participants?: unknown[] } } } | null;
      codes[t] = m?.plugindata?.data?.error_code ?? (m?.plugindata?.data?.participants ? `${m.plugindata.data.participants.length} participants` : 'no error');
    }
    ws.close();
    return codes;
  }, janusRoom);
  // 433: unauthorized (not in the room's allowed list).
  assert.deepEqual(outcome, { pub: 433, sub: 433, subNoToken: 433, none: 433, subOwnPvtid: 433 }, JSON.stringify(outcome));
  console.log(`# cross-room: ${JSON.stringify(outcome)}`);
  await other.evaluate(() => document.querySelector('gs-room')!.leave());
});

test('F leaves: its tile disappears on the five others, its tracks stop and its connections close', async () => {
  await pages.F.evaluate(() => Object.assign(window, { fTracks: document.querySelector('gs-room')!.localStream!.getTracks() }));
  assert.equal((await pages.F.evaluate(() => document.querySelector('gs-room')!.leave())).code, 200);
  for (const viewer of WHO.filter((w) => w !== 'F')) {
    const gone = await until(async () => !(await tileIds(pages[viewer])).includes(ids.F), 5_000);
    assert.ok(gone, `${viewer} drops F's tile`);
  }
  const after = await pages.F.evaluate(() => ({
    tracks: (window as unknown as { fTracks: MediaStreamTrack[] }).fTracks.map((t) => t.readyState),
    open: (window as unknown as { pcOpen: () => number }).pcOpen(),
  }));
  assert.ok(after.tracks.every((s) => s === 'ended'), `F's tracks ended: ${after.tracks}`);
  assert.equal(after.open, 0, 'F has no open peer connection');
});

test('a member who only watches (manual-publish) sees everyone and publishes nothing', async () => {
  const watcher = await openMember('W');
  await watcher.evaluate(() => document.querySelector('gs-room')!.setAttribute('manual-publish', ''));
  await joinByForm(watcher, 'Walter');
  assert.ok(await until(async () => (await roomState(watcher)) === 'joined', 15_000));
  for (const member of ['A', 'C', 'E'] as const) assert.ok((await decodes(watcher, ids[member], 'camera', 5)) >= 5, `the watcher decodes ${member}`);
  const pcs = await watcher.evaluate(() => (window as unknown as { pcCount: number }).pcCount);
  assert.equal(pcs, 1, 'a watcher makes only the subscriber connection');
  pages.W = watcher;
});

test('Janus killed mid-conference: every member gets left 302 and releases its tracks; Janus restarted, joining works again', async () => {
  for (const who of ['A', 'B', 'W']) await pages[who].evaluate(() => Object.assign(window, { before: document.querySelector('gs-room')!.localStream?.getTracks() ?? [] }));
  await env.janus.kill();
  for (const who of ['A', 'B', 'C', 'D', 'E', 'W']) {
    const left = await until(async () => (await roomEvents(pages[who])).find((e) => e.name === 'left' && e.detail.code === 302), 15_000);
    assert.ok(left, `${who} got left 302: ${JSON.stringify((await roomEvents(pages[who])).slice(-3))}`);
    const after = await pages[who].evaluate(() => ({
      tracks: (window as unknown as { before?: MediaStreamTrack[] }).before?.map((t) => t.readyState) ?? [],
      open: (window as unknown as { pcOpen: () => number }).pcOpen(),
    }));
    assert.ok(after.tracks.every((s) => s === 'ended'), `${who}'s tracks ended: ${after.tracks}`);
    assert.equal(after.open, 0, `${who} has no open peer connection`);
  }
  assert.equal(env.h.server.stats().members, 0, 'nobody is left in our room');
  const { startJanus } = await import('./support/janus.js');
  env.janus = await startJanus({ rtpPortRange: '21000-22999', wsPort: env.janus.wsPort, adminKey: env.janus.adminKey });
  for (const who of ['A', 'B'] as const) {
    await joinByForm(pages[who], NAMES[who]);
    assert.ok(await until(async () => (await roomState(pages[who])) === 'joined', 15_000), `${who} joins again`);
    ids[who] = await memberIdOf(pages[who]);
  }
  assert.ok((await decodes(pages.A, ids.B, 'camera', 5)) >= 5, 'A decodes B again through the new Janus');
});

test('recording by the server\'s API: Janus records the room for 5 s; janus-pp-rec makes WebM/Opus files whose duration ffprobe reads within 10 %, with frames', async () => {
  const sfu = env.h.server.sfu!;
  // Both publishers' cameras reach the other first: a recording of a feed not yet flowing would prove nothing.
  assert.ok((await decodes(pages.A, ids.B, 'camera', 5)) >= 5 && (await decodes(pages.B, ids.A, 'camera', 5)) >= 5, 'A and B decode each other');
  assert.equal(await sfu.setRecording(ROOM, true), true);
  const started = Date.now();
  await new Promise((r) => setTimeout(r, 5_000));
  await sfu.setRecording(ROOM, false);
  const recordedMs = Date.now() - started;
  const files = await sfu.stopRecording(ROOM);
  const dir = path.join(env.recDir, ROOM);
  console.log(`# recording ${recordedMs} ms: ${files.map((f) => `${f.file.replace(/^videoroom-\d+-user-/, '')} ${f.durationMs} ms ${f.bytes} B`).join('; ')}`);
  const videos = files.filter((f) => f.kind === 'video' && f.file.endsWith('.webm'));
  const audios = files.filter((f) => f.kind === 'audio');
  assert.equal(videos.length, 2, `one WebM video per publisher (A and B): ${readdirSync(dir).join(', ')}`);
  assert.equal(audios.length, 2, 'one audio file per publisher');
  for (const f of [...videos, ...audios]) {
    assert.ok(f.bytes > 1000, `${f.file} holds data (${f.bytes} B)`);
    assertPlayable(path.join(dir, f.file), f.kind, recordedMs);
  }
});
