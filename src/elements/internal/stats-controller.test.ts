// StatsController against a real RTCPeerConnection pair sending a canvas track: controllers of one session at one
// period share one getStats loop (the sharer with show-stats and its panel), it stops when they go, and it
// re-renders its host for each sample only when the host draws them.
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { StatsController } from './stats-controller.js';
import type { SessionClient } from '../../session/session-client.js';

/** A host of one StatsController; `renders` says whether it draws the samples (the sharer: its `stats` event only). */
function statsHost(renders: boolean) {
  return class extends LitElement {
    client?: SessionClient;
    intervalMs = 100;
    samples = 0;
    updates = 0;
    readonly stats = new StatsController(this, {
      client: () => this.client,
      intervalMs: () => this.intervalMs,
      onSample: () => this.samples++,
      renders,
    });
    override requestUpdate(...args: Parameters<LitElement['requestUpdate']>): void {
      this.updates++;
      super.requestUpdate(...args);
    }
  };
}
const StatsHost = statsHost(true);
type StatsHost = InstanceType<typeof StatsHost>;
const SilentStatsHost = statsHost(false);
customElements.define('stats-host-test', StatsHost);
customElements.define('silent-stats-host-test', SilentStatsHost);

async function sendingPair(): Promise<{ pc: RTCPeerConnection; close: () => void }> {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const ctx = canvas.getContext('2d')!;
  let n = 0;
  const timer = setInterval(() => { ctx.fillStyle = `hsl(${(n += 20) % 360} 80% 50%)`; ctx.fillRect(0, 0, 320, 180); }, 30);
  const stream = canvas.captureStream(30);
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  a.addTrack(stream.getVideoTracks()[0], stream);
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  await waitUntil(() => a.connectionState === 'connected', 'the pair connects', { timeout: 10_000 });
  return { pc: a, close: () => { clearInterval(timer); stream.getTracks().forEach((t) => t.stop()); a.close(); b.close(); } };
}

/** The two things StatsController reads of a session: its public state and its connection. */
function presentingSession(pc: RTCPeerConnection): SessionClient {
  return { state: 'presenting', connection: pc } as unknown as SessionClient;
}

/** Puts hosts of these tags (with their periods in ms) on the page, all reading `client`, in one box. */
async function mountHosts(client: SessionClient, ...specs: [tag: 'stats-host-test' | 'silent-stats-host-test', intervalMs: number][]) {
  const hosts = specs.map(([tag, intervalMs]) => {
    const host = document.createElement(tag) as StatsHost;
    host.client = client;
    host.intervalMs = intervalMs;
    return host;
  });
  const box = await fixture<HTMLDivElement>(document.createElement('div'));
  box.append(...hosts);
  return { hosts, box };
}

describe('StatsController', () => {
  let pair: Awaited<ReturnType<typeof sendingPair>>;
  let calls = 0;
  beforeEach(async () => {
    pair = await sendingPair();
    calls = 0;
    const read = pair.pc.getStats.bind(pair.pc);
    pair.pc.getStats = ((...args: Parameters<RTCPeerConnection['getStats']>) => (calls++, read(...args))) as RTCPeerConnection['getStats'];
  });
  afterEach(() => pair.close());

  it('two controllers of one session at one period read getStats once a period between them', async () => {
    const { hosts: [one, two], box } = await mountHosts(presentingSession(pair.pc), ['stats-host-test', 100], ['stats-host-test', 100]);
    await waitUntil(() => one.samples >= 6 && two.samples >= 6, 'both get samples', { timeout: 10_000 });
    // One loop: a baseline read, then one read per sample, shared (two loops would read about twice as often).
    expect(calls).to.be.at.most(Math.max(one.samples, two.samples) + 2);
    expect(Math.abs(one.samples - two.samples)).to.be.at.most(1);
    expect(one.stats.latest?.width).to.equal(320);
    expect(two.stats.history.length).to.be.at.least(5);
    box.remove();
    const after = calls;
    await new Promise((r) => setTimeout(r, 400));
    expect(calls, 'no reads once both hosts are gone').to.be.at.most(after + 1);
  });

  it('a controller at another period keeps a loop of its own', async () => {
    const { hosts: [fast, slow], box } = await mountHosts(presentingSession(pair.pc), ['stats-host-test', 100], ['stats-host-test', 250]);
    await waitUntil(() => slow.samples >= 3, 'the slow one samples', { timeout: 10_000 });
    expect(calls).to.be.at.least(fast.samples + slow.samples);
    box.remove();
  });

  it('shows nothing and reads nothing while the session is not presenting', async () => {
    const client = { state: 'connected', connection: pair.pc } as unknown as SessionClient;
    const host = document.createElement('stats-host-test') as StatsHost;
    host.client = client;
    await fixture(host);
    await new Promise((r) => setTimeout(r, 350));
    expect([calls, host.samples, host.stats.latest, host.stats.sending]).to.deep.equal([0, 0, null, false]);
    host.remove();
  });

  it('re-renders a host that draws the samples for each one, and never one that does not', async () => {
    const { hosts: [drawing, silent], box } = await mountHosts(presentingSession(pair.pc), ['stats-host-test', 100], ['silent-stats-host-test', 150]);
    await waitUntil(() => drawing.samples >= 3 && silent.samples >= 3, 'both get samples', { timeout: 10_000 });
    await drawing.updateComplete;
    const silentBase = silent.updates;
    const drawingBase = drawing.updates;
    await waitUntil(() => drawing.samples >= 6 && silent.samples >= 6, 'more samples', { timeout: 10_000 });
    expect(drawing.updates - drawingBase).to.be.at.least(2);
    expect(silent.updates - silentBase, 'no render for a sample the host does not draw').to.equal(0);
    expect(silent.stats.latest?.width).to.equal(320);
    box.remove();
  });
});
