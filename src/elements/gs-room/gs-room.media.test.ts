// What a person watching a room or a call sees: the pictures keep playing while the element re-renders. Real
// members on the real server (test/support/live-room.ts), real RTCPeerConnections between them, fake cameras;
// every <video> of every member is watched from its first frame: one `loadstart` each (its stream, once), and
// `currentTime` never goes back, through chat lines, a member joining and one leaving (the tiles are keyed by
// member, so the others' streams stay in their own <video>), a language switch and a theme switch.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { GsRoom } from './gs-room.js';
import type { GsVideoCall } from '../gs-video-call/gs-video-call.js';
import { allPlaying, freshRoom, reachState, roomMember, signedIn, until, watchMedia } from '../../../test/support/live-room.js';

/** A person's pause: lets a few frames play (and any restart show up) between two steps. */
const watchFor = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lang and theme changes a host makes: each re-renders (lang) or restyles (theme) every element. */
async function switchLanguageAndTheme(els: (GsRoom | GsVideoCall)[]) {
  for (const lang of ['zh', 'ru', 'en']) {
    for (const el of els) el.lang = lang;
    await Promise.all(els.map((el) => el.updateComplete));
    await watchFor(300);
  }
  await emulateMedia({ colorScheme: 'dark' });
  for (const el of els) el.style.setProperty('--gs-color-background', '#10141c');
  await watchFor(300);
  await emulateMedia({ colorScheme: 'light' });
  for (const el of els) el.style.removeProperty('--gs-color-background');
  await watchFor(300);
}

describe('<gs-room> media never restarts', () => {
  const members: GsRoom[] = [];
  afterEach(() => {
    for (const el of members.splice(0)) el.remove();
  });

  it('three members: chat, a member joining, a member leaving, a language and a theme switch leave every <video> playing', async function () {
    this.timeout(90_000);
    const room = freshRoom();
    const a = await roomMember();
    const b = await roomMember();
    members.push(a, b);
    const watch = watchMedia(a, b);
    for (const [el, name] of [[a, 'Ann'], [b, 'Bob']] as const) {
      expect((await el.join(room, name)).code).to.equal(200);
      expect((await el.publish()).code).to.equal(200);
    }
    const camerasIn = (el: GsRoom, n: number) => el.participants.length === n && el.participants.every((p) => p.camera);
    expect(await until(() => camerasIn(a, 1) && camerasIn(b, 1) && allPlaying([a, b]), 20_000), JSON.stringify(watch.report())).to.equal(true);

    // Chat lines: each re-renders every member.
    for (let i = 0; i < 6; i++) {
      expect((await (i % 2 ? b : a).sendMessage(`line ${i}`)).code).to.equal(200);
      await watchFor(150);
    }
    expect(await until(() => a.messages.length === 6 && b.messages.length === 6)).to.equal(true);

    // A third member joins: Ann's tiles are [Bob, Cat] from now on.
    const c = await roomMember();
    members.push(c);
    const watchC = watchMedia(c);
    expect((await c.join(room, 'Cat')).code).to.equal(200);
    expect((await c.publish()).code).to.equal(200);
    expect(await until(() => camerasIn(a, 2) && camerasIn(b, 2) && camerasIn(c, 2) && allPlaying([a, b, c]), 20_000), JSON.stringify(watch.report())).to.equal(true);
    const catTile = () => a.shadowRoot!.querySelector<HTMLVideoElement>(`[part~="tile"][data-member-id="${c.memberId}"] video[data-kind="camera"]`);
    const catVideo = catTile();
    expect(catVideo?.srcObject).to.equal(a.participants.find((p) => p.memberId === c.memberId)!.camera);

    // Bob, listed before Cat, leaves: Cat's stream must stay in Cat's own <video>.
    expect((await b.leave()).code).to.equal(200);
    expect(await until(() => a.participants.length === 1 && c.participants.length === 1)).to.equal(true);
    await a.updateComplete;
    expect(catTile(), 'Cat keeps the same <video> in Ann’s page').to.equal(catVideo);
    await watchFor(500);

    await switchLanguageAndTheme([a, c]);

    const report = [...watch.report(), ...watchC.report()];
    watch.stop();
    watchC.stop();
    // Ann's and Cat's: their own camera and the other's; every one has played and was loaded once.
    expect(report.filter((m) => m.stream).length, JSON.stringify(report)).to.equal(4);
    for (const media of report) {
      expect(media.loadstarts, `${media.name} restarted: ${JSON.stringify(report)}`).to.equal(1);
      expect(media.currentTime, media.name).to.be.greaterThan(1);
    }
    expect([...watch.backwards, ...watchC.backwards], 'currentTime went back').to.deep.equal([]);
  });
});

describe('<gs-video-call> media never restarts', () => {
  const els: GsVideoCall[] = [];
  afterEach(() => {
    for (const el of els.splice(0)) el.remove();
  });

  it('a 1:1 call: another member signing in and out, mute, a language and a theme switch leave both <video>s playing', async function () {
    this.timeout(60_000);
    const lobby = freshRoom('wtr-lobby');
    const alice = await signedIn(lobby, 'Alice');
    const bob = await signedIn(lobby, 'Bob');
    els.push(alice, bob);
    const watch = watchMedia(alice, bob);
    expect(await until(() => alice.members.length === 1)).to.equal(true);
    expect((await alice.call(bob.memberId)).code).to.equal(200);
    await reachState(bob, 'incoming');
    expect((await bob.accept()).code).to.equal(200);
    await reachState(alice, 'active');
    await reachState(bob, 'active');
    expect(await until(() => Boolean(alice.remoteStream && bob.remoteStream) && allPlaying([alice, bob]), 20_000), JSON.stringify(watch.report())).to.equal(true);

    // Someone else signs in to the lobby and out again: the member lists re-render on both sides.
    const carol = await signedIn(lobby, 'Carol');
    els.push(carol);
    expect(await until(() => alice.members.length === 2 && bob.members.length === 2)).to.equal(true);
    await watchFor(400);
    expect((await carol.leave()).code).to.equal(200);
    expect(await until(() => alice.members.length === 1 && bob.members.length === 1)).to.equal(true);
    // Mute and unmute the microphone: the toolbar re-renders.
    expect((await alice.setMuted('audio', true)).code).to.equal(200);
    await watchFor(300);
    expect((await alice.setMuted('audio', false)).code).to.equal(200);

    await switchLanguageAndTheme([alice, bob]);

    const report = watch.report();
    watch.stop();
    expect(report.filter((m) => m.stream).length, JSON.stringify(report)).to.equal(4);
    for (const media of report) {
      expect(media.loadstarts, `${media.name} restarted: ${JSON.stringify(report)}`).to.equal(1);
      expect(media.currentTime, media.name).to.be.greaterThan(1);
    }
    expect(watch.backwards, 'currentTime went back').to.deep.equal([]);
  });
});
