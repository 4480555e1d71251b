/**
 * The conference room end to end (seed 001 "Видеоконференция"): three browser contexts join one room through the
 * real server (gs-room-json), each decodes the two others' fake cameras over a full mesh, chat arrives in order
 * as text, a shared screen reaches the others, the room's capacity turns the fifth away, and a member who leaves
 * disappears from the others' tiles.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHarness, until, type Harness } from './support/harness.js';
import { framesFrom, joinByForm, linkReport, memberIdOf, recordEvents, roomEvents, roomState, tileIds, tilePixels } from './support/room.js';

let h: Harness;
const pages: Record<string, Page> = {};
const ids: Record<string, string> = {};
const ROOM = 'e2e-mesh';

before(async () => {
  h = await startHarness({ roomCapacity: 4 });
});

after(async () => {
  await h?.close();
});

/** Waits until `viewer` decodes ≥ 20 frames of `member`'s `kind` and its tile shows lit pixels. */
async function assertDecodes(viewer: string, member: string, kind: 'camera' | 'screen' = 'camera') {
  const page = pages[viewer];
  const frames = await until(async () => {
    const f = await framesFrom(page, ids[member], kind);
    return f >= 20 ? f : 0;
  }, 20_000);
  if (frames < 20) {
    assert.fail(
      `${viewer} decodes ${member}'s ${kind}: framesDecoded ${frames}. ${viewer}'s link: ${await linkReport(page, ids[member])}. ` +
        `${member}'s link: ${await linkReport(pages[member], ids[viewer])}`,
    );
  }
  const pixels = await until(async () => {
    const p = await tilePixels(page, ids[member], kind);
    return p.lit >= 16 ? p : null;
  }, 10_000);
  assert.ok(pixels, `${viewer} shows ${member}'s ${kind} with pixels not black`);
  return { frames, pixels };
}

test('A creates the room by joining; B and C join through the invite link', async () => {
  pages.A = await h.open(`/room.html?room=${ROOM}`);
  await recordEvents(pages.A);
  await joinByForm(pages.A, 'Alice');
  assert.ok(await until(async () => (await roomState(pages.A)) === 'joined'), 'A joined');
  ids.A = await memberIdOf(pages.A);
  const invite = await pages.A.evaluate(() => document.querySelector('gs-room')!.inviteLink);
  assert.match(invite, new RegExp(`room=${ROOM}`));
  for (const [who, name] of [['B', 'Bob'], ['C', 'Carol']] as const) {
    pages[who] = await h.openUrl(invite);
    await recordEvents(pages[who]);
    assert.equal(await pages[who].locator('gs-room input[name="room"]').inputValue(), ROOM, 'the invite link fills the room name');
    await joinByForm(pages[who], name);
    assert.ok(await until(async () => (await roomState(pages[who])) === 'joined'), `${who} joined`);
    ids[who] = await memberIdOf(pages[who]);
  }
  assert.equal(h.server.stats().members, 3, 'the server holds three members');
  for (const who of ['A', 'B', 'C']) {
    const names = await until(async () => {
      const n = await pages[who].evaluate(() => document.querySelector('gs-room')!.participants.map((p) => p.displayName).sort());
      return n.length === 2 ? n : null;
    });
    assert.ok(names, `${who} sees two participants`);
    const published = (await roomEvents(pages[who])).filter((e) => e.name === 'published').map((e) => e.detail.code);
    assert.deepEqual(published, [200], `${who} published`);
  }
});

test('every member decodes the two others\' cameras: framesDecoded grows, pixels not black', async () => {
  const figures: string[] = [];
  for (const viewer of ['A', 'B', 'C']) {
    for (const member of ['A', 'B', 'C']) {
      if (member === viewer) continue;
      const { frames, pixels } = await assertDecodes(viewer, member);
      figures.push(`${viewer}←${member}: ${frames} frames ${pixels.width}x${pixels.height}`);
    }
  }
  // Growing, not a one-off: a second reading is higher.
  const before = await framesFrom(pages.A, ids.B);
  const later = await until(async () => {
    const f = await framesFrom(pages.A, ids.B);
    return f > before + 10 ? f : 0;
  });
  assert.ok(later > before + 10, `A's frames from B grow: ${before} → ${later}`);
  console.log(`# mesh decode: ${figures.join('; ')}`);
});

test('chat: each member\'s messages reach the two others in order, with the sender\'s name, HTML shown as text', async () => {
  const sent: Record<string, string[]> = {
    A: ['hello from Alice', 'second from Alice'],
    B: ['<b>bold?</b> <img src=x onerror="window.pwned=1">'],
    C: ['one from Carol', 'two from Carol', 'three from Carol'],
  };
  for (const [who, lines] of Object.entries(sent)) {
    for (const line of lines) {
      await pages[who].locator('gs-room [part~="chat-input"]').fill(line);
      await pages[who].locator('gs-room [part~="chat-input"]').press('Enter');
    }
  }
  const names: Record<string, string> = { A: 'Alice', B: 'Bob', C: 'Carol' };
  for (const viewer of ['A', 'B', 'C']) {
    const total = Object.values(sent).flat().length;
    const got = await until(async () => {
      const m = await pages[viewer].evaluate(() => document.querySelector('gs-room')!.messages.map((x) => ({ name: x.displayName, text: x.text })));
      return m.length >= total ? m : null;
    });
    assert.ok(got, `${viewer} has all ${total} messages`);
    for (const [who, lines] of Object.entries(sent)) {
      assert.deepEqual(
        got.filter((m) => m.name === names[who]).map((m) => m.text),
        lines,
        `${viewer} has ${who}'s lines in order with the sender's name`,
      );
    }
    const rendered = await pages[viewer].evaluate(() => {
      const log = document.querySelector('gs-room')!.shadowRoot!.querySelector('[part~="chat-log"]')!;
      return { html: log.querySelectorAll('.text b, .text img').length, texts: [...log.querySelectorAll('.text')].map((s) => s.textContent) };
    });
    assert.equal(rendered.html, 0, `${viewer} renders no HTML from chat`);
    assert.ok(rendered.texts.includes(sent.B[0]), `${viewer} shows the HTML as its text`);
    assert.equal(await pages[viewer].evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    const events = (await roomEvents(pages[viewer])).filter((e) => e.name === 'chat-message');
    assert.equal(events.length, total, `${viewer} fired one chat-message event per line`);
  }
});

test('B shares its screen: A and C decode it as a second tile video; stopping removes it', async () => {
  const result = await pages.B.evaluate(() => document.querySelector('gs-room')!.shareScreen());
  assert.equal(result.code, 200);
  for (const viewer of ['A', 'C']) {
    const { pixels } = await assertDecodes(viewer, 'B', 'screen');
    assert.ok(pixels.width >= 640, `${viewer} sees B's screen at ${pixels.width}x${pixels.height}`);
  }
  // The cameras keep flowing alongside the screen.
  await assertDecodes('A', 'B', 'camera');
  const track = await pages.B.evaluate(() => {
    const el = document.querySelector('gs-room')!;
    (window as unknown as { screenTrack: MediaStreamTrack }).screenTrack = el.screenStream!.getVideoTracks()[0];
    return el.stopScreen();
  });
  assert.equal(track.code, 200);
  assert.equal(await pages.B.evaluate(() => (window as unknown as { screenTrack: MediaStreamTrack }).screenTrack.readyState), 'ended');
  for (const viewer of ['A', 'C']) {
    const gone = await until(() =>
      pages[viewer].evaluate((id) => !document.querySelector('gs-room')!.shadowRoot!.querySelector(`[data-member-id="${id}"] video[data-kind="screen"]`), ids.B),
    );
    assert.ok(gone, `${viewer} drops B's screen video`);
  }
});

test('capacity 4: a fourth joins, the fifth gets "room full" and is not joined', async () => {
  pages.D = await h.open(`/room.html?room=${ROOM}`);
  await pages.D.evaluate(() => document.querySelector('gs-room')!.setAttribute('manual-publish', ''));
  await joinByForm(pages.D, 'Dave');
  assert.ok(await until(async () => (await roomState(pages.D)) === 'joined'), 'D joined as the fourth');
  pages.E = await h.open(`/room.html?room=${ROOM}`);
  await recordEvents(pages.E);
  await joinByForm(pages.E, 'Eve');
  assert.ok(await until(async () => (await roomState(pages.E)) === 'full'), 'E sees the room full');
  const full = (await roomEvents(pages.E)).filter((e) => e.name === 'room-full');
  assert.equal(full.length, 1);
  assert.equal(full[0].detail.code, 486);
  assert.equal(await pages.E.locator('gs-room [part~="full"]').isVisible(), true, 'the "room is full" notice shows');
  assert.match((await pages.E.locator('gs-room [part~="full"]').textContent()) ?? '', /full/);
  assert.equal(await memberIdOf(pages.E), '');
  assert.deepEqual((await roomEvents(pages.E)).filter((e) => e.name === 'joined'), []);
  assert.equal(h.server.stats().members, 4, 'the server holds four members, not five');
  // D leaves; a page whose own capacity attribute is 3 finds 3 members there and is turned away too.
  assert.equal((await pages.D.evaluate(() => document.querySelector('gs-room')!.leave())).code, 200);
  pages.F = await h.open(`/room.html?room=${ROOM}&capacity=3`);
  await recordEvents(pages.F);
  await joinByForm(pages.F, 'Frank');
  assert.ok(await until(async () => (await roomState(pages.F)) === 'full'), 'F (capacity 3) sees the room full');
  assert.equal((await roomEvents(pages.F)).find((e) => e.name === 'room-full')?.detail.code, 486);
});

test('C leaves: A and B drop its tile within 2 s; C stops every track and closes every connection', async () => {
  for (const viewer of ['A', 'B']) assert.ok((await tileIds(pages[viewer])).includes(ids.C));
  await pages.C.evaluate(() => {
    const el = document.querySelector('gs-room')!;
    Object.assign(window, { tracks: el.localStream!.getTracks(), pcs: el.participants.map((p) => el.connectionTo(p.memberId)) });
  });
  // Each viewer notes (in its page) the moment C's tile leaves its DOM; C notes the moment Leave is pressed.
  // All contexts run on this machine's one clock, so the difference is the real delay.
  for (const viewer of ['A', 'B']) {
    await pages[viewer].evaluate((id) => {
      const root = document.querySelector('gs-room')!.shadowRoot!;
      const w = window as unknown as { tileGoneAt: number };
      w.tileGoneAt = 0;
      const observer = new MutationObserver(() => {
        if (!root.querySelector(`[part="tile"][data-member-id="${id}"]`)) {
          w.tileGoneAt = Date.now();
          observer.disconnect();
        }
      });
      observer.observe(root, { childList: true, subtree: true });
    }, ids.C);
  }
  const leftAt = await pages.C.evaluate(() => {
    const at = Date.now();
    document.querySelector('gs-room')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="leave-button"]')!.click();
    return at;
  });
  const delays: number[] = [];
  for (const viewer of ['A', 'B']) {
    const goneAt = await until(() => pages[viewer].evaluate(() => (window as unknown as { tileGoneAt: number }).tileGoneAt), 5_000, 50);
    assert.ok(goneAt, `${viewer} dropped C's tile`);
    assert.ok(!(await tileIds(pages[viewer])).includes(ids.C));
    delays.push(goneAt - leftAt);
  }
  console.log(`# C's tile dropped ${delays.join(' / ')} ms after Leave (A / B)`);
  for (const d of delays) assert.ok(d <= 2_000, `tile dropped after ${d} ms`);
  assert.ok(await until(async () => (await roomState(pages.C)) === 'idle'));
  const leftovers = await pages.C.evaluate(() => {
    const w = window as unknown as { tracks: MediaStreamTrack[]; pcs: RTCPeerConnection[] };
    return { live: w.tracks.filter((t) => t.readyState !== 'ended').length, open: w.pcs.filter((pc) => pc.connectionState !== 'closed').length };
  });
  assert.deepEqual(leftovers, { live: 0, open: 0 });
  const left = (await roomEvents(pages.C)).filter((e) => e.name === 'left');
  assert.equal(left[0]?.detail.code, 200);
  const memberLeft = (await roomEvents(pages.A)).filter((e) => e.name === 'member-left');
  assert.equal((memberLeft.at(-1)?.detail.member as { displayName: string }).displayName, 'Carol');
  // A and B still decode each other.
  await assertDecodes('A', 'B');
});
