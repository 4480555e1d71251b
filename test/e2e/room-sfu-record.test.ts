/**
 * Recording a room through `<gs-room>` (seed 001's `record`; docs/sfu.md "Recording"): the server in SFU mode
 * with tokens on and Debian's Janus. Only a member whose token carries claim `record: true` may start or stop the
 * recording and read it at `GET /recordings/<room>`; the files (WebM video, Opus audio) are fetched over HTTP and
 * checked with ffprobe. Also: the status line shows the SFU's capacity, and `media` forces a room's mode.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { issueToken } from '../../src/server/auth.js';
import { until } from './support/harness.js';
import { framesFrom, memberIdOf, recordEvents, roomEvents, roomState } from './support/room.js';
import { smallCamera, startSfuHarness } from './support/janus.js';
import { assertPlayable } from './support/recording.js';

const SECRET = 'a-test-secret-of-at-least-32-bytes-for-hs256';
const ROOM = 'e2e-record';
let env: Awaited<ReturnType<typeof startSfuHarness>>;
const pages: Record<'A' | 'B', Page> = {} as Record<'A' | 'B', Page>;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
const scratch = mkdtempSync(path.join(tmpdir(), 'gs-rec-fetch-'));

before(async () => {
  env = await startSfuHarness({ jwtSecret: SECRET });
  tokens.A = (await issueToken({ secret: SECRET, room: ROOM, role: 'page', record: true })).token;
  tokens.B = (await issueToken({ secret: SECRET, room: ROOM, role: 'page' })).token;
});

after(async () => {
  await env?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function member(token: string, room = ROOM, media = ''): Promise<Page> {
  const page = await env.h.open(`/room.html?room=${room}`);
  await smallCamera(page);
  await recordEvents(page);
  await page.evaluate(([t, m]) => Object.assign(document.querySelector('gs-room')!, { token: t, media: m }), [token, media]);
  return page;
}

const join = (page: Page, name: string) => page.evaluate(async (n) => {
  const el = document.querySelector('gs-room')!;
  const joined = await el.join(undefined, n);
  return joined.code === 200 ? (await el.publish()).code : joined.code;
}, name);

const status = (page: Page) => page.evaluate(() => document.querySelector('gs-room')!.shadowRoot!.querySelector('[part~="status"]')!.textContent!.replace(/\s+/g, ' ').trim());

const fetchJson = (url: string, token?: string) => fetch(env.h.origin + url, token ? { headers: { authorization: `Bearer ${token}` } } : {});

test('two members join with tokens; the status line counts against the SFU capacity (16), not the mesh 4', async () => {
  pages.A = await member(tokens.A);
  pages.B = await member(tokens.B);
  assert.equal(await join(pages.A, 'Alice'), 200);
  assert.equal(await join(pages.B, 'Bob'), 200);
  ids.A = await memberIdOf(pages.A);
  ids.B = await memberIdOf(pages.B);
  for (const [viewer, other] of [['A', 'B'], ['B', 'A']] as const) {
    const frames = await until(async () => ((await framesFrom(pages[viewer], ids[other])) >= 10 ? 1 : 0), 30_000, 250);
    assert.ok(frames, `${viewer} decodes ${other}`);
  }
  const text = await status(pages.A);
  assert.match(text, /2 of 16/, `status: ${text}`);
});

test('a member whose token lacks claim record gets 403 for startRecording() and for the recordings route', async () => {
  const refused = await pages.B.evaluate(() => document.querySelector('gs-room')!.startRecording());
  assert.equal(refused.code, 403, JSON.stringify(refused));
  assert.equal(env.h.server.sfu!.roomOf(ROOM)!.recording, false, 'nothing is recorded');
  assert.equal((await fetchJson(`/recordings/${ROOM}`, tokens.B)).status, 403);
  assert.equal((await fetchJson(`/recordings/${ROOM}`)).status, 401);
});

test('the record attribute starts recording for everyone; stopRecording() makes WebM/Opus files listed and fetched over HTTP, each ffprobe-checked', async () => {
  await pages.A.evaluate(() => document.querySelector('gs-room')!.setAttribute('record', ''));
  for (const who of ['A', 'B'] as const) {
    const seen = await until(async () => (await roomEvents(pages[who])).find((e) => e.name === 'recording-change' && e.detail.recording === true), 10_000);
    assert.ok(seen, `${who} hears the recording start`);
  }
  const started = Date.now();
  assert.match(await status(pages.B), /recording/);
  assert.equal((await pages.A.evaluate(() => document.querySelector('gs-room')!.startRecording())).code, 106, 'a second start: already recording');
  await new Promise((r) => setTimeout(r, 5_000));
  // Recorded until the stop request; the conversion (janus-pp-rec) happens before stopRecording() resolves.
  const recordedMs = Date.now() - started;
  const stopped = await pages.A.evaluate(() => document.querySelector('gs-room')!.stopRecording());
  assert.equal(stopped.code, 200, JSON.stringify(stopped));
  assert.ok(await until(async () => !(await pages.B.evaluate(() => document.querySelector('gs-room')!.recording)), 5_000), 'B sees it stop');
  const listing = await fetchJson(`/recordings/${ROOM}`, tokens.A);
  assert.equal(listing.status, 200);
  const body = (await listing.json()) as { recording: boolean; files: { name: string; kind: 'audio' | 'video'; durationMs: number; bytes: number; url: string }[] };
  console.log(`# recorded ${recordedMs} ms: ${body.files.map((f) => `${f.kind} ${f.name.slice(-10)} ${f.durationMs} ms ${f.bytes} B`).join('; ')}`);
  assert.equal(body.recording, false);
  assert.deepEqual(body.files.map((f) => f.name.split('.').pop()).sort(), ['opus', 'opus', 'webm', 'webm'], 'a WebM video and an Opus audio for each of A and B');
  for (const f of body.files) {
    const res = await fetchJson(f.url, tokens.A);
    assert.equal(res.status, 200, f.url);
    assert.equal(res.headers.get('content-type'), f.kind === 'video' ? 'video/webm' : 'audio/ogg');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, f.bytes, `${f.name}: the size listed is the size served`);
    const copy = path.join(scratch, f.name);
    writeFileSync(copy, bytes);
    const probed = assertPlayable(copy, f.kind, recordedMs);
    assert.ok(Math.abs(probed.durationMs - f.durationMs) <= 50, `${f.name}: listed ${f.durationMs} ms, probed ${probed.durationMs} ms`);
  }
  assert.equal((await fetchJson(`/recordings/${ROOM}/..%2F..%2Fetc%2Fpasswd`, tokens.A)).status, 404);
});

test('media="mesh" is refused (488) in a room that goes through Janus; alone in a new room it makes a mesh room', async () => {
  const meshToken = (await issueToken({ secret: SECRET, room: 'e2e-mesh-here', role: 'page' })).token;
  const refused = await member(tokens.B, ROOM, 'mesh');
  const code = await refused.evaluate(async () => (await document.querySelector('gs-room')!.join(undefined, 'Mesh fan')).code);
  assert.equal(code, 488);
  const mesh = await member(meshToken, 'e2e-mesh-here', 'mesh');
  assert.equal(await join(mesh, 'Meshy'), 200);
  const facts = await mesh.evaluate(() => {
    const el = document.querySelector('gs-room') as unknown as { client: { mode: string }; shadowRoot: ShadowRoot };
    return { mode: el.client.mode, status: el.shadowRoot.querySelector('[part~="status"]')!.textContent!.replace(/\s+/g, ' ') };
  });
  assert.equal(facts.mode, 'mesh');
  assert.match(facts.status, /1 of 4/);
  assert.equal(env.h.server.sfu!.roomOf('e2e-mesh-here'), undefined, 'no Janus room for a mesh room');
  assert.equal(await roomState(mesh), 'joined');
});
