/**
 * What the terminal receives, per m-line, from getStats inbound-rtp: the decoded frame size (px), frame
 * rate (fps) and bitrate (kbps, from the bytes received since the previous reading).
 */

/** One received medium. */
export interface ReceivedMedia {
  /** Decoded frame width and height, in px (video only). */
  width?: number;
  height?: number;
  /** Frames decoded per second (video only). */
  fps?: number;
  /** Bitrate since the previous reading, in kbps (undefined on the first). */
  kbps?: number;
  /** Bytes received so far. */
  bytes: number;
  /** Frames decoded so far (video only). */
  framesDecoded?: number;
}

/** A reading: each role's medium, keyed `audio`, `main` (camera), `slides` (screen), and when it was taken (ms). */
export interface ReceivedStats {
  at: number;
  audio?: ReceivedMedia;
  main?: ReceivedMedia;
  slides?: ReceivedMedia;
}

type Inbound = {
  type: string;
  kind?: string;
  mid?: string;
  timestamp: number;
  bytesReceived?: number;
  frameWidth?: number;
  frameHeight?: number;
  framesPerSecond?: number;
  framesDecoded?: number;
};

/** Reads `pc`'s inbound-rtp stats by role (`mids`: role → mid); `previous` gives the bitrate. */
export async function readReceived(
  pc: RTCPeerConnection,
  mids: { audio?: string; main?: string; slides?: string },
  previous?: ReceivedStats,
): Promise<ReceivedStats> {
  const out: ReceivedStats = { at: Date.now() };
  const report = await pc.getStats();
  report.forEach((stat: Inbound) => {
    if (stat.type !== 'inbound-rtp') return;
    const role = (Object.keys(mids) as (keyof typeof mids)[]).find((r) => mids[r] === stat.mid);
    if (!role) return;
    const bytes = stat.bytesReceived ?? 0;
    const before = previous?.[role];
    const seconds = previous ? (out.at - previous.at) / 1000 : 0;
    out[role] = {
      bytes,
      kbps: before && seconds > 0 ? Math.round(((bytes - before.bytes) * 8) / 1000 / seconds) : undefined,
      ...(stat.kind === 'video'
        ? { width: stat.frameWidth, height: stat.frameHeight, fps: stat.framesPerSecond, framesDecoded: stat.framesDecoded }
        : {}),
    };
  });
  return out;
}
