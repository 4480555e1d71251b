/**
 * How a Grandstream GVC3220 answers an offer (DEVICE.md "What the original does to an answer, and what that says
 * about the device"), as pure SDP work for a terminal that answers like one (`<gs-terminal>`, src/terminal/):
 *
 * - the offer's `a=group` lines are dropped before setRemoteDescription ({@link withoutGroups}): each m-line gets
 *   its own transport and the answer carries no group, which the original's max-compat offer gathered for; an
 *   answer echoing one BUNDLE group per m-line is what current Chromium rejects ("A MID in the answer has changed
 *   group", DEVICE.md table, first row);
 * - video: H.264 only, one payload type, Baseline `profile-level-id=4280<level>` first in its fmtp line, the level
 *   from the device's maximum resolution ({@link DEVICE_LEVELS}), `a=framerate:<fps>`, `b=AS` / `b=TIAS`;
 * - audio: opus, G.722, PCMU, PCMA;
 * - `a=content` echoed from the offer.
 *
 * The browser shapes what it can itself ({@link deviceCodecs} for setCodecPreferences); {@link toDeviceAnswer}
 * rewrites the answer text that goes on the wire, which differs from the local description the browser keeps (as
 * the original's wire offer differs from its own). No browser API here.
 */
import { midOf, splitSdp } from './sdp.js';

/**
 * The H.264 level (`profile-level-id`'s last byte, hex) a device announces for its maximum resolution, as the
 * original reads it back (DEVICE.md: 15 → 480×272, 16 → 640×360, 1e → 848×480, 1f → 1280×720, 28 → 1920×1080,
 * 33 → 3840×2160).
 */
export const DEVICE_LEVELS = {
  '480x272': '15',
  '640x360': '16',
  '848x480': '1e',
  '1280x720': '1f',
  '1920x1080': '28',
  '3840x2160': '33',
} as const;

/** A maximum resolution a device announces, `<width>x<height>` in px: a key of {@link DEVICE_LEVELS}. */
export type DeviceResolution = keyof typeof DEVICE_LEVELS;

/** How the device answer is shaped. */
export interface DeviceAnswerOptions {
  /** The largest picture the device takes, px (sets the H.264 level). Default `1920x1080` (level 28). */
  maxResolution: DeviceResolution;
  /** `a=framerate`, fps. Default 30. */
  framerate: number;
  /** `b=AS` in kbps (and `b=TIAS` = kbps × 1000 bps) on every video m-line. Default 2048. */
  maxBitrateKbps: number;
}

/** The shape used when a terminal sets none (a 1080p device at 30 fps and 2048 kbps). */
export const DEFAULT_DEVICE_ANSWER: Readonly<DeviceAnswerOptions> = { maxResolution: '1920x1080', framerate: 30, maxBitrateKbps: 2048 };

/** True when `value` is one of {@link DEVICE_LEVELS}' resolutions. */
export function isDeviceResolution(value: string): value is DeviceResolution {
  return Object.prototype.hasOwnProperty.call(DEVICE_LEVELS, value);
}

/** The offer without its `a=group` lines, for setRemoteDescription: one transport per m-line, no group in the answer. */
export function withoutGroups(offer: string): string {
  const { session, media } = splitSdp(offer);
  return join(session.filter((l) => !l.startsWith('a=group:')), media.map((s) => s.lines));
}

/** A codec as RTCRtpReceiver.getCapabilities lists it (only the members read here). */
export interface CodecCapability {
  mimeType: string;
  clockRate?: number;
  channels?: number;
  sdpFmtpLine?: string;
}

/** The audio codecs a device takes, in its order of preference. */
const AUDIO_MIME_TYPES = ['audio/opus', 'audio/G722', 'audio/PCMU', 'audio/PCMA'];

/** The fmtp parameters of a codec line (`a=b;c=d`), keys in lower case. */
function fmtpParams(line: string | undefined): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of (line ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return params;
}

/**
 * 0 for H.264 Constrained Baseline (`42e0…`), 1 for Baseline (`4200…`, `4280…`), both with packetization-mode 1;
 * -1 for anything else (other profiles, mode 0, other codecs).
 */
function baselineRank(mimeType: string, fmtp: string | undefined): number {
  if (mimeType.toLowerCase() !== 'video/h264') return -1;
  const params = fmtpParams(fmtp);
  if (params.get('packetization-mode') !== '1') return -1;
  const profile = (params.get('profile-level-id') ?? '').toLowerCase();
  if (profile.startsWith('42e0')) return 0;
  if (profile.startsWith('4200') || profile.startsWith('4280')) return 1;
  return -1;
}

/**
 * The codecs, out of the browser's `capabilities`, that a device answers with, for setCodecPreferences: video
 * H.264 Constrained Baseline then Baseline, packetization-mode 1 (no rtx, red or FEC); audio opus, G.722, PCMU,
 * PCMA. Empty when the browser has none of them.
 */
export function deviceCodecs<C extends CodecCapability>(capabilities: readonly C[], kind: 'audio' | 'video'): C[] {
  if (kind === 'audio') {
    return AUDIO_MIME_TYPES.flatMap((mime) => capabilities.filter((c) => c.mimeType.toLowerCase() === mime.toLowerCase()));
  }
  return capabilities
    .map((c) => ({ c, rank: baselineRank(c.mimeType, c.sdpFmtpLine) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.c);
}

/** Payload types of an m-section with their rtpmap encoding name (`H264/90000`) and fmtp text. */
function payloads(lines: string[]): { pt: string; encoding: string; fmtp?: string }[] {
  const formats = lines[0].split(' ').slice(3);
  return formats.map((pt) => ({
    pt,
    encoding: lines.find((l) => l.startsWith(`a=rtpmap:${pt} `))?.slice(`a=rtpmap:${pt} `.length) ?? '',
    fmtp: lines.find((l) => l.startsWith(`a=fmtp:${pt} `))?.slice(`a=fmtp:${pt} `.length),
  }));
}

/** True when a video m-line of `offer` (not rejected) offers H.264 Baseline or Constrained Baseline in packetization-mode 1. */
export function offersBaselineH264(offer: string): boolean {
  return splitSdp(offer).media.some(
    (s) => isLive(s.lines, 'video') && payloads(s.lines).some((p) => baselineRank(`video/${p.encoding.split('/')[0]}`, p.fmtp) >= 0),
  );
}

function isLive(lines: string[], kind: string): boolean {
  const [media, port] = lines[0].slice(2).split(' ');
  return media === kind && port !== '0';
}

/** Keeps only the payload types `keep` of an m-section: its m= line's formats and their rtpmap / fmtp / rtcp-fb lines. */
function keepPayloads(lines: string[], keep: Set<string>): string[] {
  const [m, ...rest] = lines;
  const head = m.split(' ');
  const out = [[...head.slice(0, 3), ...head.slice(3).filter((pt) => keep.has(pt))].join(' ')];
  for (const line of rest) {
    const codecLine = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+|\*) /.exec(line);
    if (codecLine && codecLine[1] !== '*' && !keep.has(codecLine[1])) continue;
    out.push(line);
  }
  return out;
}

/**
 * The wire text of a device's answer, made from the browser's own `answer` to `offer` (the offer as received,
 * `a=content` and all): no `a=group`; on each live video m-line one H.264 payload type (the first Baseline or
 * Constrained Baseline one, packetization-mode 1) with `profile-level-id=4280<LEVEL>` first in its fmtp line,
 * `a=framerate`, `b=AS` / `b=TIAS`; on each live audio m-line only opus, G.722, PCMU and PCMA; on every m-line the
 * offer's `a=content` for its mid (else for its position). A video m-line with no such H.264 is left as it is.
 */
export function toDeviceAnswer(answer: string, offer: string, options: DeviceAnswerOptions = DEFAULT_DEVICE_ANSWER): string {
  const offered = splitSdp(offer).media;
  const contentByMid = new Map<string, string>();
  const contentByIndex = offered.map((s) => s.lines.find((l) => l.startsWith('a=content:'))?.slice(10));
  offered.forEach((s, i) => {
    const mid = midOf(s.lines);
    if (mid !== undefined && contentByIndex[i] !== undefined) contentByMid.set(mid, contentByIndex[i]!);
  });
  const level = DEVICE_LEVELS[options.maxResolution].toUpperCase();
  const kbps = Math.round(options.maxBitrateKbps);
  const { session, media } = splitSdp(answer);
  const sections = media.map((section, i) => {
    let lines = section.lines.filter((l) => !l.startsWith('a=content:'));
    const mid = midOf(lines);
    const content = (mid !== undefined ? contentByMid.get(mid) : undefined) ?? contentByIndex[i];
    if (isLive(lines, 'video')) lines = asDeviceVideo(lines, level, options.framerate, kbps);
    else if (isLive(lines, 'audio')) {
      const keep = payloads(lines).filter((p) => AUDIO_MIME_TYPES.some((m) => m.slice(6).toLowerCase() === p.encoding.split('/')[0].toLowerCase()));
      if (keep.length) lines = keepPayloads(lines, new Set(keep.map((p) => p.pt)));
    }
    if (content !== undefined) {
      const at = lines.findIndex((l) => l.startsWith('a=mid:'));
      lines.splice(at >= 0 ? at + 1 : lines.length, 0, `a=content:${content}`);
    }
    return lines;
  });
  return join(session.filter((l) => !l.startsWith('a=group:')), sections);
}

function asDeviceVideo(lines: string[], level: string, framerate: number, kbps: number): string[] {
  const chosen = payloads(lines).find((p) => baselineRank(`video/${p.encoding.split('/')[0]}`, p.fmtp) >= 0);
  if (!chosen) return lines;
  const others = [...fmtpParams(chosen.fmtp)].filter(([k]) => k !== 'profile-level-id' && k !== 'level-asymmetry-allowed');
  const fmtp = `a=fmtp:${chosen.pt} ${[`profile-level-id=4280${level}`, ...others.map(([k, v]) => `${k}=${v}`)].join(';')}`;
  const out: string[] = [];
  for (const line of keepPayloads(lines, new Set([chosen.pt]))) {
    if (line.startsWith('b=') || line.startsWith('a=framerate:') || line.startsWith(`a=fmtp:${chosen.pt} `)) continue;
    out.push(line);
    if (line.startsWith('c=')) out.push(`b=AS:${kbps}`, `b=TIAS:${kbps * 1000}`);
    if (line.startsWith(`a=rtpmap:${chosen.pt} `)) out.push(`a=framerate:${framerate}`, fmtp);
  }
  return out;
}

function join(session: string[], media: string[][]): string {
  return [...session, ...media.flat()].join('\r\n') + '\r\n';
}
