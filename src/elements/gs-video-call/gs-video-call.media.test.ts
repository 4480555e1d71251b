// What each side of a real <gs-video-call> call sees and hears (two members in one page on the real signalling
// server, real RTCPeerConnections, Chromium's fake camera and microphone): the other's video decodes and keeps
// advancing, measured in framesDecoded and in frames the <video> presents; Camera off / Mute mic disable the track
// (its `enabled`), the toolbar says so, and the far side sees a black picture / receives silence, until they are
// switched back on.
import { expect } from '@open-wc/testing';
import './gs-video-call.js';
import { connect, countFrames, inbound, litPoints, part, toolbarButton, until, untilRate, lobbyOf, type CallMember } from '../../../test/support/video-call.js';

describe('<gs-video-call> media, as each side perceives it', () => {
  let alice: CallMember;
  let bob: CallMember;

  beforeEach(async () => {
    [alice, bob] = await lobbyOf('wtr-call-media', 'Alice', 'Bob');
    await connect(alice, bob);
  });

  afterEach(() => {
    alice?.el.remove();
    bob?.el.remove();
  });

  it('both decode the other’s camera: frames keep advancing on both sides, the picture is not black', async function () {
    this.timeout(40_000);
    for (const [me, other] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const remote = part<HTMLVideoElement>(me.el, 'remote-video');
      expect(remote.srcObject, 'the remote <video> plays the other’s stream').to.equal(me.el.remoteStream);
      expect(remote.muted, 'the other is heard').to.equal(false);
      expect(part<HTMLVideoElement>(me.el, 'local-video').srcObject).to.equal(me.el.localStream);
      expect(me.el.remoteStream, 'not its own camera').to.not.equal(other.el.remoteStream);
      const presented = countFrames(remote);
      const decoded = await untilRate(() => inbound(me.el, 'video', 'framesDecoded'), (n) => n >= 10);
      const shown = await untilRate(() => presented.count(), (n) => n >= 10);
      presented.stop();
      console.log(`# ${me.el.userName}: ${decoded} frames decoded and ${shown} presented in 1 s, ${remote.videoWidth}x${remote.videoHeight}`);
      expect(decoded, `${me.el.userName} decodes ≥ 10 frames/s`).to.not.equal(null);
      expect(shown, `${me.el.userName}'s <video> presents ≥ 10 frames/s`).to.not.equal(null);
      expect(remote.videoWidth).to.be.greaterThan(0);
      expect(await until(() => litPoints(remote) >= 16), `${me.el.userName} sees a picture`).to.equal(true);
    }
  });

  it('Camera off: the track is disabled, the button says Camera on, the far side sees black; Camera on brings the picture back', async function () {
    this.timeout(40_000);
    const bobSees = part<HTMLVideoElement>(bob.el, 'remote-video');
    expect(await until(() => litPoints(bobSees) >= 16), 'Bob sees Alice first').to.equal(true);
    const track = alice.el.localStream!.getVideoTracks()[0];
    expect(track.enabled).to.equal(true);

    toolbarButton(alice.el, 'Camera off')!.click();
    await alice.el.updateComplete;
    expect(track.enabled, 'Alice’s camera track is disabled').to.equal(false);
    expect(track.readyState, 'but not stopped').to.equal('live');
    expect(toolbarButton(alice.el, 'Camera on'), 'the button now offers Camera on').to.not.equal(null);
    expect(alice.el.localStream!.getAudioTracks()[0].enabled, 'the microphone is untouched').to.equal(true);
    expect(await until(() => litPoints(bobSees) === 0, 10_000), `Bob sees black (${litPoints(bobSees)} of 64 lit)`).to.equal(true);
    expect(bob.el.state, 'the call goes on').to.equal('active');

    toolbarButton(alice.el, 'Camera on')!.click();
    await alice.el.updateComplete;
    expect(track.enabled).to.equal(true);
    expect(toolbarButton(alice.el, 'Camera off')).to.not.equal(null);
    expect(await until(() => litPoints(bobSees) >= 16, 10_000), 'Bob sees Alice again').to.equal(true);
    expect(await untilRate(() => inbound(bob.el, 'video', 'framesDecoded'), (n) => n >= 10), 'at full rate').to.not.equal(null);
  });

  it('Mute mic: the track is disabled, the button says Unmute mic, the far side receives silence; Unmute mic brings the sound back', async function () {
    this.timeout(40_000);
    const energy = () => inbound(alice.el, 'audio', 'totalAudioEnergy');
    const sound = await untilRate(energy, (e) => e > 1e-4, 2_000);
    expect(sound, 'Alice hears Bob’s microphone first').to.not.equal(null);
    const track = bob.el.localStream!.getAudioTracks()[0];

    toolbarButton(bob.el, 'Mute mic')!.click();
    await bob.el.updateComplete;
    expect(track.enabled, 'Bob’s microphone track is disabled').to.equal(false);
    expect(track.readyState).to.equal('live');
    expect(toolbarButton(bob.el, 'Unmute mic')).to.not.equal(null);
    expect(bob.el.localStream!.getVideoTracks()[0].enabled, 'the camera is untouched').to.equal(true);
    // A thousandth of what came before: the decoder's own noise, not Bob's microphone.
    const silence = await untilRate(energy, (e) => e < sound! / 1000, 2_000);
    expect(silence, 'Alice receives silence').to.not.equal(null);

    toolbarButton(bob.el, 'Unmute mic')!.click();
    await bob.el.updateComplete;
    expect(track.enabled).to.equal(true);
    expect(toolbarButton(bob.el, 'Mute mic')).to.not.equal(null);
    const back = await untilRate(energy, (e) => e > 1e-4, 2_000);
    expect(back, 'Alice hears Bob again').to.not.equal(null);
    console.log(`# sound energy Alice received over 2 s: ${sound!.toExponential(2)} before, ${silence!.toExponential(2)} muted, ${back!.toExponential(2)} unmuted`);
  });

  it('setMuted(): 200 and the same effect as the buttons, in a call only (106 without a camera open)', async function () {
    this.timeout(40_000);
    expect(await alice.el.setMuted('video', true)).to.deep.equal({ code: 200, message: 'muted' });
    expect(alice.el.localStream!.getVideoTracks()[0].enabled).to.equal(false);
    await alice.el.updateComplete;
    expect(toolbarButton(alice.el, 'Camera on')).to.not.equal(null);
    expect(await alice.el.setMuted('video', false)).to.deep.equal({ code: 200, message: 'unmuted' });
    expect(alice.el.localStream!.getVideoTracks()[0].enabled).to.equal(true);
    expect((await alice.el.hangUp()).code).to.equal(200);
    expect(await until(() => alice.el.state === 'idle' && bob.el.state === 'idle')).to.equal(true);
    expect((await alice.el.setMuted('audio', true)).code, 'no call: nothing to mute').to.equal(106);
    await alice.el.updateComplete;
    expect(toolbarButton(alice.el, 'Mute mic')!.disabled, 'the mute buttons are disabled without a call').to.equal(true);
    expect(toolbarButton(alice.el, 'Camera off')!.disabled).to.equal(true);
    expect(alice.errors, '106 is not an error').to.deep.equal([]);
  });
});
