/**
 * Media choices in a room (seed 001 "Поддерживаемые кодеки"): the `video-codec` / `audio-codec` attributes pick
 * the codec actually negotiated (read back from getStats), and muting the camera or microphone reaches the other
 * side (black frames, silence) and unmuting brings them back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, until, type Harness } from './support/harness.js';
import { framesFrom, linkReport, joinByForm, memberIdOf, roomState, tilePixels } from './support/room.js';

let h: Harness;

before(async () => {
  h = await startHarness();
});

after(async () => {
  await h?.close();
});

/** The codecs of the link's inbound video and audio, from getStats (`codec` reports by codecId). */
const inboundCodecs = (page: Page, memberId: string) =>
  page.evaluate(async (id) => {
    const pc = document.querySelector('gs-room')!.connectionTo(id);
    const stats = await pc!.getStats();
    const out: Record<string, string> = {};
    stats.forEach((s: { type: string; kind?: string; codecId?: string }) => {
      if (s.type === 'inbound-rtp' && s.codecId) out[s.kind!] = (stats.get(s.codecId) as { mimeType: string }).mimeType;
    });
    return out;
  }, memberId);

/** Total audio energy received from `memberId` so far (grows while sound arrives). */
const audioEnergy = (page: Page, memberId: string) =>
  page.evaluate(async (id) => {
    let energy = 0;
    (await document.querySelector('gs-room')!.connectionTo(id)!.getStats()).forEach((s: { type: string; kind?: string; totalAudioEnergy?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') energy += s.totalAudioEnergy ?? 0;
    });
    return energy;
  }, memberId);

async function pair(room: string, query: string): Promise<{ a: Page; b: Page; aId: string; bId: string }> {
  const a = await h.open(`/room.html?room=${room}&${query}`);
  const b = await h.open(`/room.html?room=${room}&${query}`);
  await joinByForm(a, 'A');
  assert.ok(await until(async () => (await roomState(a)) === 'joined'));
  await joinByForm(b, 'B');
  assert.ok(await until(async () => (await roomState(b)) === 'joined'));
  const aId = await memberIdOf(a);
  const bId = await memberIdOf(b);
  if (!(await until(async () => (await framesFrom(b, aId)) >= 10, 20_000))) {
    assert.fail(`B decodes A. B's link: ${await linkReport(b, aId)}. A's link: ${await linkReport(a, bId)}`);
  }
  return { a, b, aId, bId };
}

for (const [video, audio, mimes] of [
  ['vp8', 'opus', { video: 'video/VP8', audio: 'audio/opus' }],
  ['h264', 'g711', { video: 'video/H264', audio: 'audio/PCMU' }],
] as const) {
  test(`video-codec=${video} audio-codec=${audio} → ${mimes.video} and ${mimes.audio} on the wire`, async () => {
    const { a, b, aId, bId } = await pair(`e2e-codec-${video}`, `video=${video}&audio=${audio}`);
    assert.deepEqual(await inboundCodecs(b, aId), mimes);
    assert.deepEqual(await inboundCodecs(a, bId), mimes);
    await a.evaluate(() => document.querySelector('gs-room')!.leave());
    await b.evaluate(() => document.querySelector('gs-room')!.leave());
  });
}

test('mute camera → the other side sees black; unmute → the picture is back; mute mic → silence', async () => {
  const { a, b, aId } = await pair('e2e-mute', 'video=vp8');
  assert.ok(await until(async () => (await tilePixels(b, aId)).lit >= 16), 'A is visible');
  assert.equal((await a.evaluate(() => document.querySelector('gs-room')!.setMuted('video', true))).code, 200);
  assert.equal(await a.locator('gs-room [part~="camera-button"]').textContent(), 'Camera on');
  assert.ok(await until(async () => (await tilePixels(b, aId)).lit === 0), 'A is black at B while muted');
  await a.locator('gs-room [part~="camera-button"]').click();
  assert.ok(await until(async () => (await tilePixels(b, aId)).lit >= 16), 'A is back at B');
  // The fake microphone beeps: energy grows; muted, it stops growing.
  const e0 = await audioEnergy(b, aId);
  assert.ok(await until(async () => (await audioEnergy(b, aId)) > e0), 'sound arrives');
  await a.locator('gs-room [part~="mic-button"]').click();
  assert.equal(await a.evaluate(() => document.querySelector('gs-room')!.localStream!.getAudioTracks()[0].enabled), false);
  await new Promise((r) => setTimeout(r, 1000));
  const e1 = await audioEnergy(b, aId);
  await new Promise((r) => setTimeout(r, 1500));
  const e2 = await audioEnergy(b, aId);
  assert.ok(e2 - e1 < 1e-6, `no sound while muted: ${e1} → ${e2}`);
  await a.locator('gs-room [part~="mic-button"]').click();
  assert.ok(await until(async () => (await audioEnergy(b, aId)) > e2 + 1e-6), 'sound is back');
});

test('simultaneous offers: both members share their screens at once and each decodes the other\'s (perfect negotiation)', async () => {
  const { a, b, aId, bId } = await pair('e2e-glare', 'video=vp8');
  // Count offers each side receives while it has its own outstanding (a collision), to show glare really happened.
  for (const p of [a, b]) {
    await p.evaluate(() => {
      const el = document.querySelector('gs-room')!;
      const pc = el.connectionTo(el.participants[0].memberId)!;
      const w = window as unknown as { offersMade: number };
      w.offersMade = 0;
      pc.addEventListener('signalingstatechange', () => {
        if (pc.signalingState === 'have-local-offer') w.offersMade++;
      });
    });
  }
  const results = await Promise.all([a, b].map((p) => p.evaluate(() => document.querySelector('gs-room')!.shareScreen())));
  assert.deepEqual(results.map((r) => r.code), [200, 200]);
  for (const [viewer, id] of [[a, bId], [b, aId]] as const) {
    const frames = await until(async () => ((await framesFrom(viewer, id, 'screen')) >= 20 ? framesFrom(viewer, id, 'screen') : 0), 20_000);
    assert.ok(frames >= 20, `screen frames ${frames}`);
  }
  const offers = await Promise.all([a, b].map((p) => p.evaluate(() => (window as unknown as { offersMade: number }).offersMade)));
  const roles = await Promise.all(
    [a, b].map((p) => p.evaluate(() => { const el = document.querySelector('gs-room')!; return el.negotiationWith(el.participants[0].memberId)!; })),
  );
  assert.notEqual(roles[0].polite, roles[1].polite, 'exactly one side is polite');
  console.log(`# both shared at once: offers made A ${offers[0]}, B ${offers[1]}; collisions seen A ${roles[0].collisions}, B ${roles[1].collisions}`);
  for (const p of [a, b]) assert.equal(await p.evaluate(() => { const el = document.querySelector('gs-room')!; return el.connectionTo(el.participants[0].memberId)!.signalingState; }), 'stable');
});
