// Live statistics from a real presentation: <gs-screen-share> shares the fake screen capture to a real
// <gs-terminal> through the real signalling server; the `stats` event and <gs-share-stats> (which takes the
// session through @lit/context) show plausible figures from getStats.
import { expect, fixture, html } from '@open-wc/testing';
import '../gs-screen-share/gs-screen-share.js';
import './gs-share-stats.js';
import type { GsScreenShare, GsStatsDetail } from '../gs-screen-share/gs-screen-share.js';
import type { GsShareStats } from './gs-share-stats.js';
import { readShareStats } from '../internal/share-stats.js';
import { realTerminal, until } from '../../../test/support/browser-terminal.js';

const values = (stats: GsShareStats) =>
  [...stats.shadowRoot!.querySelectorAll('[part="value"]')].map((n) => n.textContent!.trim());

/**
 * Counts, from now on, the stats loop's polls of `el`'s session: each poll starts by reading the session's
 * `connection` (stats-controller.ts), which nothing else reads. Returns the count so far.
 */
function countPolls(el: GsScreenShare): () => number {
  const client = (el as unknown as { session: { client: { connection: RTCPeerConnection | null } } }).session.client;
  let connection = client.connection;
  let polls = 0;
  Object.defineProperty(client, 'connection', {
    configurable: true,
    get: () => (polls++, connection),
    set: (pc: RTCPeerConnection | null) => (connection = pc),
  });
  return () => polls;
}

describe('<gs-share-stats> and the stats event', () => {
  it('reads the figures from a report: bitrate from the bytesSent delta, RTT and loss from remote-inbound-rtp', () => {
    const report = (bytesSent: number, timestamp: number) => [
      { type: 'outbound-rtp', id: 'a', kind: 'audio', bytesSent: 99_999, timestamp },
      { type: 'outbound-rtp', id: 'v', kind: 'video', bytesSent, timestamp, frameWidth: 1280, frameHeight: 720, framesPerSecond: 30, transportId: 't' },
      { type: 'remote-inbound-rtp', id: 'r', localId: 'v', roundTripTime: 0.0123, packetsLost: 7, fractionLost: 0.02 },
    ];
    const first = readShareStats(report(10_000, 1000));
    expect(first!.stats.kbps).to.equal(0);
    const second = readShareStats(report(135_000, 2000), first!.next)!.stats;
    expect(second).to.deep.equal({ width: 1280, height: 720, fps: 30, kbps: 1000, rttMs: 12, packetsLost: 7, lossPercent: 2, timestamp: 2000 });
    expect(readShareStats([{ type: 'outbound-rtp', id: 'v', kind: 'video', bytesSent: 0, timestamp: 1 }])).to.equal(null);
  });

  it('shows "no video" when nothing is presented', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share><gs-share-stats></gs-share-stats></gs-screen-share>`);
    const stats = el.querySelector('gs-share-stats')!;
    await stats.updateComplete;
    expect(stats.shadowRoot!.querySelector('[part="empty"]')!.textContent).to.equal('No video is being sent');
  });

  it('a real presentation: stats events and both panels show the capture\'s size, fps > 0, kbps > 0, an RTT', async function () {
    this.timeout(60_000);
    const { address, remove } = await realTerminal();
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share show-stats lang="zh"><gs-share-stats lang="en"></gs-share-stats></gs-screen-share>`);
      const samples: GsStatsDetail[] = [];
      el.addEventListener('stats', (e) => samples.push(e.detail));
      expect((await el.call(address)).code).to.equal(200);
      expect((await el.beginScreen()).code).to.equal(200);
      // The size the capture gives under the element's quality preset (the fake screen follows the constraints).
      const { width, height } = el.localStream!.getVideoTracks()[0].getSettings();
      expect(width).to.be.greaterThan(0);
      await until(() => samples.some((s) => s.fps > 0 && s.kbps > 0 && s.width === width && s.rttMs !== null) && samples.length >= 3, 20_000);
      const good = samples.filter((s) => s.fps > 0 && s.kbps > 0);
      const last = samples[samples.length - 1];
      console.log(`stats: ${samples.length} samples, last ${JSON.stringify(last)}`);
      expect(good.length).to.be.greaterThan(0);
      expect([last.width, last.height]).to.deep.equal([width, height]);
      expect(last.fps).to.be.within(1, 61);
      expect(last.kbps).to.be.within(1, 50_000);
      expect(last.rttMs).to.be.a('number');
      expect(last.rttMs!).to.be.within(0, 1000);
      expect(last.lossPercent).to.be.within(0, 100);
      // Samples come about once a second (stats timestamps).
      const gaps = samples.slice(1).map((s, i) => s.timestamp - samples[i].timestamp);
      for (const gap of gaps) expect(gap).to.be.within(700, 3000);

      // The light-DOM panel (context from its <gs-screen-share>) in English, with a sparkline.
      const panel = el.querySelector('gs-share-stats')!;
      await until(() => panel.latest !== null && panel.shadowRoot!.querySelector('[part="sparkline"]') !== null, 10_000);
      expect(values(panel)[0]).to.equal(`${width}×${height}`);
      expect(values(panel)[1]).to.match(/^\d+ fps$/);
      expect(values(panel)[2]).to.match(/^\d+ kbps$/);
      expect(panel.shadowRoot!.querySelector('[part="sparkline"] polyline')!.getAttribute('points')!.split(' ').length).to.be.greaterThan(1);

      // The built-in panel (part "stats") in the element's language.
      const inner = el.shadowRoot!.querySelector<GsShareStats>('[part="stats"]')!;
      await until(() => inner.latest !== null, 10_000);
      await inner.updateComplete;
      expect(values(inner)[0]).to.equal(`${width}×${height}`);
      expect(inner.shadowRoot!.querySelector('[part="label"]')!.textContent).to.equal('分辨率');

      // Stopping: no more samples, the panel says so.
      expect((await el.stopScreen()).code).to.equal(200);
      await until(() => panel.latest === null, 5000);
      await panel.updateComplete;
      expect(panel.shadowRoot!.querySelector('[part="empty"]')).to.not.equal(null);
      // The getStats loop goes on ticking while the element is connected, each tick reading the session's connection
      // first: once a third tick starts, two whole ticks have run since, each of which would have sampled a share.
      const count = samples.length;
      const pollsAfter = countPolls(el);
      expect(await until(() => pollsAfter() >= 3, 10_000)).to.equal(true);
      expect(samples.length).to.equal(count);
      await el.hangUp();
    } finally {
      remove();
    }
  });
  it("shows the device's limit from its first answer, in the panel's language, and no row without one", async function () {
    this.timeout(60_000);
    // A device that states 1280×720 (H.264 level 1f) at 15 fps in its answer.
    const { address, remove } = await realTerminal((t) => {
      t.maxResolution = '1280x720';
      t.maxFps = 15;
    });
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share show-stats lang="zh"><gs-share-stats lang="en"></gs-share-stats></gs-screen-share>`);
      expect((await el.call(address)).code).to.equal(200);
      expect((await el.beginScreen()).code).to.equal(200);
      expect(el.qualityPlan.deviceCap).to.deep.equal({ level: '1f', width: 1280, height: 720, fps: 15 });
      const row = (panel: GsShareStats) => {
        const figure = panel.shadowRoot!.querySelector('[part~="device-limit"]');
        return figure && [figure.querySelector('[part="label"]')!.textContent, figure.querySelector('[part="value"]')!.textContent];
      };
      // The built-in panel gets the cap from its <gs-screen-share>, in Chinese.
      const inner = el.shadowRoot!.querySelector<GsShareStats>('[part="stats"]')!;
      await until(() => inner.shadowRoot!.querySelector('[part="panel"]') !== null, 10_000);
      await inner.updateComplete;
      expect(row(inner)).to.deep.equal(['设备上限', '1280×720 @ 15 帧/秒']);
      // A panel of the page's own has no cap until it is given one, then the English row; taken away, no row.
      const panel = el.querySelector('gs-share-stats')!;
      await until(() => panel.shadowRoot!.querySelector('[part="panel"]') !== null, 10_000);
      expect(row(panel)).to.equal(null);
      panel.deviceCap = el.qualityPlan.deviceCap;
      await panel.updateComplete;
      expect(row(panel)).to.deep.equal(['Device limit', '1280×720 @ 15 fps']);
      panel.deviceCap = undefined;
      await panel.updateComplete;
      expect(row(panel)).to.equal(null);
      await el.hangUp();
    } finally {
      remove();
    }
  });
});
