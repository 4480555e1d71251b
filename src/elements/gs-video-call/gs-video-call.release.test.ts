// Nothing of a real <gs-video-call> keeps running once a call is over or the element is gone (members on the real
// signalling server, real RTCPeerConnections, fake cameras): after a hang-up every track is ended, the link's
// connectionState is closed and the server holds the member in the lobby only; after Sign out or removal — in a
// call, while it rings, or while the camera is still opening — the server holds no member, no socket and no room
// of it, every camera stream the element ever opened is ended, and the other side's call ends.
import { expect } from '@open-wc/testing';
import './gs-video-call.js';
import { reachState } from '../../../test/support/live-room.js';
import { connect, lobbyOf, part, ring, roomStats, until, type CallMember } from '../../../test/support/video-call.js';

/** Every stream getUserMedia gave this page since `openedStreams.start()`, to check none is left live. */
const openedStreams = (() => {
  const streams: MediaStream[] = [];
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  return {
    start() {
      streams.length = 0;
      navigator.mediaDevices.getUserMedia = async (c) => {
        const s = await original(c);
        streams.push(s);
        return s;
      };
    },
    stop() {
      navigator.mediaDevices.getUserMedia = original;
    },
    all: () => streams,
    live: () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live'),
  };
})();

/** The call's tracks (both sides' streams as this element holds them) and its link, kept for after the end. */
const hold = (m: CallMember) => ({ tracks: [...m.el.localStream!.getTracks(), ...m.el.remoteStream!.getTracks()], pc: m.el.peerConnection! });

async function expectGone(held: ReturnType<typeof hold>, who: string) {
  expect(held.tracks.length, `${who}: tracks in the call`).to.equal(4);
  expect(await until(() => held.tracks.every((t) => t.readyState === 'ended'), 5_000), `${who}: every track ended`).to.equal(true);
  expect(held.pc.connectionState, `${who}: the link`).to.equal('closed');
  expect(held.pc.signalingState).to.equal('closed');
}

describe('<gs-video-call> leaves nothing running', () => {
  let alice: CallMember;
  let bob: CallMember;
  let base: { connections: number; rooms: number; members: number };

  beforeEach(async () => {
    openedStreams.start();
    base = await roomStats();
    [alice, bob] = await lobbyOf('wtr-call-release', 'Alice', 'Bob');
  });

  afterEach(async () => {
    alice?.el.remove();
    bob?.el.remove();
    openedStreams.stop();
    // The server forgets both, whatever the test did.
    expect(await until(async () => (await roomStats()).members === base.members), 'members back to before').to.equal(true);
  });

  it('the server holds the two members in one room while they call; the camera opens on accept only', async function () {
    this.timeout(30_000);
    expect(await roomStats()).to.deep.include({ rooms: base.rooms + 1, members: base.members + 2 });
    await ring(alice, bob);
    expect(openedStreams.all(), 'no camera while it rings').to.deep.equal([]);
    expect((await bob.el.accept()).code).to.equal(200);
    await reachState(alice.el, 'active');
    expect(await until(() => openedStreams.all().length === 2, 10_000), 'one camera per side').to.equal(true);
  });

  it('hang-up: both sides’ tracks ended, links closed, videos empty; both still signed in, nothing else on the server', async function () {
    this.timeout(40_000);
    await connect(alice, bob);
    const held = [hold(alice), hold(bob)];
    part(alice.el, 'hangup-button').click();
    await reachState(alice.el, 'idle');
    await reachState(bob.el, 'idle');
    await expectGone(held[0], 'Alice');
    await expectGone(held[1], 'Bob');
    expect(openedStreams.live(), 'no camera left on').to.deep.equal([]);
    await Promise.all([alice.el.updateComplete, bob.el.updateComplete]);
    for (const m of [alice, bob]) {
      expect([m.el.localStream, m.el.remoteStream, m.el.peerConnection]).to.deep.equal([null, null, null]);
      expect(part<HTMLVideoElement>(m.el, 'remote-video').srcObject, `${m.el.userName}'s remote <video>`).to.equal(null);
      expect(part<HTMLVideoElement>(m.el, 'local-video').srcObject).to.equal(null);
    }
    expect(await roomStats()).to.deep.include({ rooms: base.rooms + 1, members: base.members + 2 });
  });

  it('Sign out in a call: Bob’s call ends, the server drops Alice’s member and socket', async function () {
    this.timeout(40_000);
    await connect(alice, bob);
    const held = [hold(alice), hold(bob)];
    const before = await roomStats();
    part(alice.el, 'sign-out-button').click();
    await reachState(alice.el, 'offline');
    await reachState(bob.el, 'idle');
    expect(alice.left).to.deep.equal([{ code: 200, message: 'left' }]);
    expect(alice.log.slice(-4)).to.deep.equal(['state-change active>idle hangup', 'call-ended hangup', 'state-change idle>offline', 'left 200']);
    expect(bob.ended.map((e) => e.reason), 'hung up on the way out').to.deep.equal(['remote-hangup']);
    await expectGone(held[0], 'Alice');
    await expectGone(held[1], 'Bob');
    expect(openedStreams.live()).to.deep.equal([]);
    expect(await until(() => bob.el.members.length === 0), 'Bob’s list empties').to.equal(true);
    expect(await until(async () => (await roomStats()).members === before.members - 1 && (await roomStats()).connections === before.connections - 1), 'the server drops Alice').to.equal(true);
  });

  it('removed in a call: everything ended, the server forgets the member and its socket, the other side’s call ends', async function () {
    this.timeout(40_000);
    await connect(alice, bob);
    const held = [hold(alice), hold(bob)];
    const before = await roomStats();
    alice.el.remove();
    await reachState(bob.el, 'idle');
    expect(bob.ended.map((e) => e.reason), 'hung up on the way out').to.deep.equal(['remote-hangup']);
    await expectGone(held[0], 'Alice');
    await expectGone(held[1], 'Bob');
    expect(openedStreams.live()).to.deep.equal([]);
    expect(await until(async () => (await roomStats()).members === before.members - 1 && (await roomStats()).connections === before.connections - 1), 'the server drops Alice').to.equal(true);
    expect(await until(() => bob.el.members.length === 0)).to.equal(true);
  });

  for (const [removed, heard] of [
    ['callee', 'declined'],
    ['caller', 'remote-cancelled'],
  ] as const) {
    it(`the ${removed} removed while it rings: its element answers on the way out, the other reads ${heard} and stops ringing; no camera was opened`, async function () {
      this.timeout(20_000);
      await ring(alice, bob);
      const [gone, other] = removed === 'callee' ? [bob, alice] : [alice, bob];
      gone.el.remove();
      await reachState(other.el, 'idle');
      expect(other.ended.map((e) => e.reason)).to.deep.equal([heard]);
      await other.el.updateComplete;
      expect([part(other.el, 'incoming').hidden, part(other.el, 'outgoing').hidden]).to.deep.equal([true, true]);
      expect(openedStreams.all()).to.deep.equal([]);
      expect(await until(async () => (await roomStats()).members === base.members + 1), 'the server drops it').to.equal(true);
    });
  }

  it('removed right after accept, while the camera still opens: the camera that opens late is stopped', async function () {
    this.timeout(20_000);
    await ring(alice, bob);
    expect((await bob.el.accept()).code).to.equal(200);
    bob.el.remove();
    await reachState(alice.el, 'idle');
    // Bob's getUserMedia was under way: once it resolves, its stream must be stopped, not left open.
    expect(await until(() => openedStreams.all().length >= 1, 10_000), 'getUserMedia resolved').to.equal(true);
    expect(await until(() => openedStreams.live().length === 0, 5_000), `live: ${openedStreams.live().map((t) => t.kind)}`).to.equal(true);
    expect(alice.ended.map((e) => e.reason)).to.deep.equal(['remote-hangup']);
    expect(alice.el.peerConnection).to.equal(null);
  });
});
