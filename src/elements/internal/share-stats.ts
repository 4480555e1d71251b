/**
 * Figures of the outgoing presentation, read from RTCPeerConnection.getStats() (W3C webrtc-stats): the video
 * outbound-rtp with the most bytes sent (the slides sender, mid 2/3 in PROTOCOL.md "SDP"), its remote-inbound-rtp
 * (what the terminal reports back in RTCP receiver reports) and the selected candidate-pair.
 */

/** `detail` of `<gs-screen-share>`'s `stats` event, and what `<gs-share-stats>` shows. */
export interface GsStatsDetail {
  /** Sent frame width and height in pixels (outbound-rtp frameWidth/frameHeight); 0 before the first frame. */
  width: number;
  height: number;
  /** Frames sent per second (outbound-rtp framesPerSecond). */
  fps: number;
  /** Video bitrate in kbps over the last interval (bytesSent delta × 8 / ms). */
  kbps: number;
  /** Round-trip time in ms (remote-inbound-rtp roundTripTime, else the candidate-pair's currentRoundTripTime); null when not known yet. */
  rttMs: number | null;
  /** Packets the terminal reports lost, in total (remote-inbound-rtp packetsLost). */
  packetsLost: number;
  /** Packets lost in the last RTCP report, in percent (remote-inbound-rtp fractionLost × 100). */
  lossPercent: number;
  /** When the figures were read (stats timestamp, ms since the epoch). */
  timestamp: number;
}

/** The previous sample's byte count, for the bitrate. */
export interface StatsBaseline {
  bytesSent: number;
  timestamp: number;
}

type Entry = Record<string, unknown> & { type: string; id: string };
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Reads the figures from one report; null when no video is being sent. `baseline` is the last call's `next`. */
export function readShareStats(
  report: { forEach(callback: (value: Entry) => void): void },
  baseline?: StatsBaseline,
): { stats: GsStatsDetail; next: StatsBaseline } | null {
  const entries: Entry[] = [];
  report.forEach((value) => entries.push(value));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const outbound = entries
    .filter((e) => e.type === 'outbound-rtp' && (e.kind ?? e.mediaType) === 'video')
    .sort((a, b) => (num(b.bytesSent) ?? 0) - (num(a.bytesSent) ?? 0))[0];
  if (!outbound || !num(outbound.bytesSent)) return null;
  const timestamp = num(outbound.timestamp) ?? Date.now();
  const bytesSent = num(outbound.bytesSent) ?? 0;
  const elapsedMs = baseline ? timestamp - baseline.timestamp : 0;
  const kbps = baseline && elapsedMs > 0 ? Math.max(0, ((bytesSent - baseline.bytesSent) * 8) / elapsedMs) : 0;

  const remote = entries.find((e) => e.type === 'remote-inbound-rtp' && e.localId === outbound.id);
  let rtt = num(remote?.roundTripTime);
  if (rtt === undefined) {
    const transport = byId.get(String(outbound.transportId));
    const pair =
      byId.get(String(transport?.selectedCandidatePairId)) ??
      entries.find((e) => e.type === 'candidate-pair' && e.nominated === true && e.state === 'succeeded');
    rtt = num(pair?.currentRoundTripTime);
  }
  return {
    stats: {
      width: num(outbound.frameWidth) ?? 0,
      height: num(outbound.frameHeight) ?? 0,
      fps: num(outbound.framesPerSecond) ?? 0,
      kbps: Math.round(kbps),
      rttMs: rtt === undefined ? null : Math.round(rtt * 1000),
      packetsLost: Math.max(0, num(remote?.packetsLost) ?? 0),
      lossPercent: Math.round((num(remote?.fractionLost) ?? 0) * 1000) / 10,
      timestamp,
    },
    next: { bytesSent, timestamp },
  };
}
