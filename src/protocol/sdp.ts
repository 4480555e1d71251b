/**
 * SDP conventions of the terminal (PROTOCOL.md "SDP conventions", original dist/all.md §3.2-3.3):
 * m-lines in fixed order with mids rewritten to 0 = audio, 1 = main, 2 = slides, 3 = gui before sending,
 * `a=content:<role>` on video m-lines, `b=AS:<kbps>` + `b=TIAS:<bps>` on video m-lines, and the original mids
 * restored on the answer before setRemoteDescription. Pure string work, no browser API.
 */

/** What an m-line carries, in the terminal's terms. */
export type MediaRole = 'audio' | 'main' | 'slides' | 'gui';

/** The wire mid of each role. */
export const wireMidOf: Record<MediaRole, string> = { audio: '0', main: '1', slides: '2', gui: '3' };

/** Mids of the wire mapped to the mids the local RTCPeerConnection chose (wire → local). */
export type MidMap = Record<string, string>;

interface Section {
  lines: string[];
}

const EOL = '\r\n';

/** Splits SDP into its session part and its m-sections (each starting with its `m=` line). */
export function splitSdp(sdp: string): { session: string[]; media: Section[] } {
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  const session: string[] = [];
  const media: Section[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) media.push({ lines: [line] });
    else if (media.length === 0) session.push(line);
    else media[media.length - 1].lines.push(line);
  }
  return { session, media };
}

function joinSdp(session: string[], media: Section[]): string {
  return [...session, ...media.flatMap((s) => s.lines)].join(EOL) + EOL;
}

/** The media kind of an m-section: `audio`, `video`, `application`… */
function kindOf(section: Section): string {
  return section.lines[0].slice(2).split(' ')[0];
}

/** The mid of an m-section, or undefined when it has none. */
export function midOf(lines: string[]): string | undefined {
  return lines.find((l) => l.startsWith('a=mid:'))?.slice(6);
}

/**
 * Roles of the m-sections in order: the first audio is `audio`, then video m-lines are `main`, `slides`, `gui`.
 * This is the fixed order the page creates its transceivers in.
 */
export function rolesOf(sdp: string): MediaRole[] {
  const videoRoles: MediaRole[] = ['main', 'slides', 'gui'];
  let video = 0;
  return splitSdp(sdp).media.map((s) => (kindOf(s) === 'audio' ? 'audio' : videoRoles[Math.min(video++, 2)]));
}

function rewriteBundle(session: string[], map: (mid: string) => string): string[] {
  return session.map((l) =>
    l.startsWith('a=group:BUNDLE') ? ['a=group:BUNDLE', ...l.slice(15).split(' ').filter(Boolean).map(map)].join(' ') : l,
  );
}

/** Options of {@link toWireSdp}. */
export interface WireOptions {
  /** Maximum video bitrate in kbps, written as b=AS:<kbps> and b=TIAS:<kbps × 1000> on every video m-line. */
  maxBitrateKbps?: number;
}

/**
 * Rewrites a local offer for the terminal: mids become 0/1/2/3 by role, video m-lines get `a=content:<role>`
 * and, with `maxBitrateKbps`, `b=AS` + `b=TIAS`. Returns the wire SDP and the wire → local mid map
 * that {@link fromWireSdp} needs for the answer.
 */
export function toWireSdp(sdp: string, options: WireOptions = {}): { sdp: string; mids: MidMap } {
  const { session, media } = splitSdp(sdp);
  const roles = rolesOf(sdp);
  const localToWire: Record<string, string> = {};
  const mids: MidMap = {};
  const out = media.map((section, i) => {
    const role = roles[i];
    const wire = wireMidOf[role];
    const local = midOf(section.lines);
    if (local !== undefined) {
      localToWire[local] = wire;
      mids[wire] = local;
    }
    const isVideo = kindOf(section) === 'video';
    const lines: string[] = [];
    for (const line of section.lines) {
      if (line.startsWith('a=content:')) continue;
      if (isVideo && options.maxBitrateKbps !== undefined && (line.startsWith('b=AS:') || line.startsWith('b=TIAS:'))) continue;
      if (line.startsWith('a=mid:')) {
        lines.push(`a=mid:${wire}`);
        if (isVideo) lines.push(`a=content:${role}`);
        continue;
      }
      lines.push(line);
      if (isVideo && options.maxBitrateKbps !== undefined && line.startsWith('c=')) {
        lines.push(`b=AS:${Math.round(options.maxBitrateKbps)}`, `b=TIAS:${Math.round(options.maxBitrateKbps * 1000)}`);
      }
    }
    return { lines };
  });
  return { sdp: joinSdp(rewriteBundle(session, (m) => localToWire[m] ?? m), out), mids };
}

/**
 * Restores the local mids in a terminal's answer (wire → local through `mids`) and drops `a=content`,
 * so the answer matches the local offer before setRemoteDescription.
 */
export function fromWireSdp(sdp: string, mids: MidMap): string {
  const { session, media } = splitSdp(sdp);
  const out = media.map((section) => ({
    lines: section.lines
      .filter((l) => !l.startsWith('a=content:'))
      .map((l) => (l.startsWith('a=mid:') ? `a=mid:${mids[l.slice(6)] ?? l.slice(6)}` : l)),
  }));
  return joinSdp(rewriteBundle(session, (m) => mids[m] ?? m), out);
}

/** The `a=content` role of each m-section of wire SDP, in order (undefined where none). */
export function contentsOf(sdp: string): (string | undefined)[] {
  return splitSdp(sdp).media.map((s) => s.lines.find((l) => l.startsWith('a=content:'))?.slice(10));
}

/** The `b=AS` (kbps) and `b=TIAS` (bps) of each m-section, in order. */
export function bandwidthsOf(sdp: string): { as?: number; tias?: number }[] {
  return splitSdp(sdp).media.map((s) => {
    const as = s.lines.find((l) => l.startsWith('b=AS:'));
    const tias = s.lines.find((l) => l.startsWith('b=TIAS:'));
    return { as: as ? Number(as.slice(5)) : undefined, tias: tias ? Number(tias.slice(7)) : undefined };
  });
}

/** The mids of each m-section, in order. */
export function midsOf(sdp: string): (string | undefined)[] {
  return splitSdp(sdp).media.map((s) => midOf(s.lines));
}

/** Codecs that carry no picture of their own (retransmission, redundancy, FEC): no encoder settings apply. */
const NOT_A_VIDEO_ENCODER = /^(rtx|red|ulpfec|flexfec-03)\//i;

/**
 * Sets the encoder's start bitrate (`x-google-start-bitrate=<kbps>`, a Chromium codec parameter) on every video
 * codec of an answer, before the page applies it: the sending browser reads its send codecs' parameters from the
 * remote description. Without it Chromium's bandwidth estimate starts at 300 kbps, and a `maintain-framerate`
 * share starts at a small fraction of its resolution and takes 15–20 s to climb back. Other codec
 * parameters are kept; rtx, red and FEC payloads are left alone.
 */
export function withStartBitrate(sdp: string, kbps: number): string {
  const start = Math.round(kbps);
  const { session, media } = splitSdp(sdp);
  const out = media.map((section) => {
    if (kindOf(section) !== 'video') return section;
    const encoders = new Set<string>();
    for (const line of section.lines) {
      const m = /^a=rtpmap:(\d+) (\S+)/.exec(line);
      if (m && !NOT_A_VIDEO_ENCODER.test(m[2])) encoders.add(m[1]);
    }
    const withFmtp = new Set<string>();
    const lines = section.lines.map((line) => {
      const m = /^a=fmtp:(\d+) (.*)$/.exec(line);
      if (!m || !encoders.has(m[1])) return line;
      withFmtp.add(m[1]);
      const params = m[2].split(';').filter((p) => p.trim() !== '' && !p.trim().startsWith('x-google-start-bitrate='));
      return `a=fmtp:${m[1]} ${[...params, `x-google-start-bitrate=${start}`].join(';')}`;
    });
    // A codec with no fmtp line gets one, right after its rtpmap.
    const result: string[] = [];
    for (const line of lines) {
      result.push(line);
      const m = /^a=rtpmap:(\d+) /.exec(line);
      if (m && encoders.has(m[1]) && !withFmtp.has(m[1])) result.push(`a=fmtp:${m[1]} x-google-start-bitrate=${start}`);
    }
    return { lines: result };
  });
  return joinSdp(session, out);
}

/**
 * Whether `sdp` has an `a=candidate` line for `candidate` (an RTCIceCandidate's `candidate` string, as in
 * updateCandidate): same foundation, component, transport, priority, address and port. Only those six fields are
 * compared, because the two texts differ after them (Chromium's event adds `ufrag`). Used by trickle ICE not to send
 * again a candidate the offer already carries (src/session/actors/peer.ts).
 */
export function carriesCandidate(sdp: string, candidate: string): boolean {
  const key = candidate.split(' ').slice(0, 6).join(' ');
  return sdp.startsWith(`a=${key} `) || sdp.includes(`\na=${key} `);
}
