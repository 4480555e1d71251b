/**
 * What a device can show, read from its first answer (DEVICE.md "What the original does to an answer, and what
 * that says about the device"), and the readers of an m-section it shares with the answer repair
 * (./answer-repair.ts, which re-exports it: the page loads both on demand with the first answer). Pure string
 * work, no browser API, so Node tests it (test/unit/answer-repair.test.ts).
 */
import { midOf, splitSdp } from './sdp.js';

/** One m-section's lines, the m= line first. */
export interface Section {
  lines: string[];
}

/** The media kind of an m-section (`audio`, `video`). */
export function kindOf(section: Section): string {
  return section.lines[0].slice(2).split(' ')[0];
}

/** The m-section's `a=content` (`main`, `slides`), if any. */
export function contentOf(section: Section): string | undefined {
  return section.lines.find((l) => l.startsWith('a=content:'))?.slice(10).trim();
}

/** The m-section's H.264 payload types and their profile-level-id (lower case, 6 hex digits; '' when none). */
export function h264Of(section: Section): Map<string, string> {
  const pts = new Set<string>();
  for (const line of section.lines) {
    const m = /^a=rtpmap:(\d+) H264\//i.exec(line);
    if (m) pts.add(m[1]);
  }
  const out = new Map<string, string>();
  for (const line of section.lines) {
    const m = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (!m || !pts.has(m[1])) continue;
    const id = /profile-level-id=([0-9a-f]{6})/i.exec(m[2]);
    out.set(m[1], id ? id[1].toLowerCase() : '');
  }
  for (const pt of pts) if (!out.has(pt)) out.set(pt, '');
  return out;
}

/** What a device can show, read from its first answer (DEVICE.md: level and `a=framerate` of the slides m-line). */
export interface DeviceCapability {
  /** The H.264 level of `profile-level-id` (two hex digits, lower case: `1f`, `28`…). */
  level: string;
  /** Largest width the level stands for, in px. */
  width: number;
  /** Largest height the level stands for, in px. */
  height: number;
  /** `a=framerate` of the slides m-line, in fps; undefined when the answer has none. */
  fps?: number;
}

/**
 * The picture size each H.264 level stands for, as the original maps it (gsrtc_connection.js:84-108); any other
 * level → 640×360.
 */
export const LEVEL_SIZES: Readonly<Record<string, readonly [number, number]>> = {
  '15': [480, 272],
  '16': [640, 360],
  '1e': [848, 480],
  '1f': [1280, 720],
  '28': [1920, 1080],
  '33': [3840, 2160],
};

/**
 * The device's capability from an answer (wire form): the slides m-line (`a=content:slides`, else wire mid 2, else
 * the second video m-line), the `profile-level-id` of its first payload type when that is H.264 (upper or lower
 * case) and its `a=framerate`. Undefined when the first codec is not H.264 with a level (a browser answering VP8
 * first states no capability).
 */
export function deviceCapability(answer: string): DeviceCapability | undefined {
  const media = splitSdp(answer).media;
  const video = media.filter((s) => kindOf(s) === 'video');
  const slides = video.find((s) => contentOf(s) === 'slides') ?? video.find((s) => midOf(s.lines) === '2') ?? video[1];
  if (!slides) return undefined;
  // The codec the answer puts first is the one sent: a browser answering VP8 first (with H.264 further down, at
  // Chromium's own level) states no capability.
  const first = slides.lines[0].split(' ')[3];
  const id = h264Of(slides).get(first ?? '');
  if (!id) return undefined;
  const level = id.slice(4);
  const [width, height] = LEVEL_SIZES[level] ?? [640, 360];
  const rate = slides.lines.find((l) => l.startsWith('a=framerate:'));
  const fps = rate ? Number(rate.slice(12)) : NaN;
  return Number.isFinite(fps) && fps > 0 ? { level, width, height, fps } : { level, width, height };
}
