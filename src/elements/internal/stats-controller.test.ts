// StatsController against a real pair of RTCPeerConnections in the page sending a canvas track: it samples the
// outgoing presentation, and re-renders its host for each sample only when the host draws them.
import { expect } from '@open-wc/testing';
import type { SessionClient } from '../../session/session-client.js';
import { StatsController } from './stats-controller.js';
import type { GsStatsDetail } from './share-stats.js';

/** Two connected RTCPeerConnections, the first sending a 15 fps canvas track. */
async function sendingPair(): Promise<{ pc: RTCPeerConnection; close(): void }> {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const g = canvas.getContext('2d')!;
  let n = 0;
  const draw = setInterval(() => {
    g.fillStyle = n++ % 2 ? '#000' : '#fff';
    g.fillRect(0, 0, 320, 180);
  }, 66);
  const stream = canvas.captureStream(15);
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => void b.addIceCandidate(e.candidate ?? undefined);
  b.onicecandidate = (e) => void a.addIceCandidate(e.candidate ?? undefined);
  a.addTrack(stream.getVideoTracks()[0], stream);
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  return {
    pc: a,
    close() {
      clearInterval(draw);
      stream.getTracks().forEach((t) => t.stop());
      a.close();
      b.close();
    },
  };
}

/** A Lit ReactiveControllerHost that counts its requestUpdate() calls. */
function host() {
  const controllers: { hostConnected?(): void; hostDisconnected?(): void }[] = [];
  const h = {
    updates: 0,
    addController: (c: { hostConnected?(): void; hostDisconnected?(): void }) => controllers.push(c),
    removeController() {},
    requestUpdate() {
      h.updates++;
    },
    updateComplete: Promise.resolve(true),
    connect: () => controllers.forEach((c) => c.hostConnected?.()),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
  return h;
}

/** Runs a controller at 100 ms on a presenting client until it has handed over `n` samples. */
async function sample(renders: boolean | undefined, n: number) {
  const pair = await sendingPair();
  // The controller reads only `connection` and `state` of the session client.
  const client = { connection: pair.pc, state: 'presenting' } as unknown as SessionClient;
  const h = host();
  const samples: GsStatsDetail[] = [];
  new StatsController(h, { client: () => client, intervalMs: () => 100, onSample: (s) => samples.push(s), renders });
  h.connect();
  try {
    for (let i = 0; i < 100 && samples.length < n; i++) await new Promise((r) => setTimeout(r, 50));
  } finally {
    h.disconnect();
    pair.close();
  }
  return { samples, updates: h.updates };
}

describe('StatsController', () => {
  it('hands over samples of what is sent and re-renders its host for each (the stats panel draws them)', async () => {
    const { samples, updates } = await sample(undefined, 3);
    expect(samples.length).to.be.at.least(3);
    expect(samples.at(-1)!.width).to.be.greaterThan(0);
    // One render when sending starts, then one per sample.
    expect(updates).to.be.at.least(samples.length);
  });

  it('with renders: false, hands over the same samples and never re-renders its host', async () => {
    const { samples, updates } = await sample(false, 3);
    expect(samples.length).to.be.at.least(3);
    expect(samples.at(-1)!.width).to.be.greaterThan(0);
    expect(updates).to.equal(0);
  });
});
