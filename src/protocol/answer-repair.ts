/**
 * What the page does to a terminal's answer before setRemoteDescription, so that a call to a real device works
 * (DEVICE.md "What the original does to an answer, and what that says about the device"; the table "Measured").
 * Pure string work, no browser API, so Node tests it (test/unit/answer-repair.test.ts). The page loads it on
 * demand when a call starts (src/session/actors/answer-repair-loader.ts); what it reads of the device is in
 * ./device-capability.ts.
 *
 * Both texts are in wire form (mids 0 audio, 1 main, 2 slides, PROTOCOL.md "SDP conventions"): the repair runs
 * before `fromWireSdp` restores the local mids.
 */
import { midOf, splitSdp, type MediaRole } from './sdp.js';
import { contentOf, h264Of, kindOf, type Section } from './device-capability.js';

// Read from the same first answer, so it comes in the same chunk.
export { deviceCapability, LEVEL_SIZES, type DeviceCapability } from './device-capability.js';

const EOL = '\r\n';
const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;
type Direction = (typeof DIRECTIONS)[number];

function directionOf(section: Section): Direction {
  for (const line of section.lines) {
    const d = line.slice(2) as Direction;
    if (line.startsWith('a=') && DIRECTIONS.includes(d)) return d;
  }
  // RFC 4566: an m-section with no direction attribute is sendrecv.
  return 'sendrecv';
}

/** One m-section of the offer: its wire mid, role and direction. */
interface OfferedLine {
  mid: string;
  role: MediaRole | undefined;
  kind: string;
  direction: Direction;
  /** H.264 payload types of the offer and their profile-level-id (lower case, 6 hex digits). */
  h264: Map<string, string>;
}

function offered(offer: string): OfferedLine[] {
  return splitSdp(offer).media.map((s) => ({
    mid: midOf(s.lines) ?? '',
    role: contentOf(s) as MediaRole | undefined,
    kind: kindOf(s),
    direction: directionOf(s),
    h264: h264Of(s),
  }));
}

/**
 * The answer's direction made legal for the offered one (RFC 3264 §6.1): the answer may send only where the offer
 * receives, and receive only where the offer sends. A device answering slides `sendrecv` to our `sendonly`, or
 * `sendonly` to our first offer, then reads as `recvonly` / `inactive`, which is what it can really do with it.
 */
export function legalAnswerDirection(offer: Direction, answer: Direction): Direction {
  const offerSends = offer === 'sendrecv' || offer === 'sendonly';
  const offerReceives = offer === 'sendrecv' || offer === 'recvonly';
  const sends = (answer === 'sendrecv' || answer === 'sendonly') && offerReceives;
  const receives = (answer === 'sendrecv' || answer === 'recvonly') && offerSends;
  return sends && receives ? 'sendrecv' : sends ? 'sendonly' : receives ? 'recvonly' : 'inactive';
}

/**
 * Which offered m-section each answer m-section answers: by `a=content` (main / slides), else by `a=mid`, else the
 * next unmatched offered m-section of the same media kind (the original's own fallback, gsrtc_connection.js:57-72).
 * Returns, per answer m-section, the index of the offered one, or -1 when none is left.
 */
function match(answer: Section[], offer: OfferedLine[]): number[] {
  const taken = new Set<number>();
  const out = answer.map(() => -1);
  const take = (i: number, j: number) => {
    if (j >= 0 && !taken.has(j)) {
      out[i] = j;
      taken.add(j);
    }
  };
  answer.forEach((s, i) => {
    const content = contentOf(s);
    if (content) take(i, offer.findIndex((o, j) => !taken.has(j) && o.role === content && o.kind === kindOf(s)));
  });
  answer.forEach((s, i) => {
    if (out[i] >= 0) return;
    const mid = midOf(s.lines);
    if (mid !== undefined) take(i, offer.findIndex((o, j) => !taken.has(j) && o.mid === mid && o.kind === kindOf(s)));
  });
  answer.forEach((s, i) => {
    if (out[i] < 0) take(i, offer.findIndex((o, j) => !taken.has(j) && o.kind === kindOf(s)));
  });
  return out;
}

/**
 * Every H.264 `profile-level-id` of an answer section set to the profile we offered on that payload type (42e0,
 * Constrained Baseline, when we offered none) with the answer's own level, as the original does with `42e0` + the
 * device's level (gsrtc_connection.js:128-142): a device answers Baseline `4280xx` (or Main, High) on a payload
 * type offered as Constrained Baseline, and Chromium, which then finds no send codec, sends nothing.
 */
function normaliseH264(lines: string[], offeredH264: Map<string, string>): string[] {
  const pts = new Set<string>();
  for (const line of lines) {
    const m = /^a=rtpmap:(\d+) H264\//i.exec(line);
    if (m) pts.add(m[1]);
  }
  return lines.map((line) => {
    const m = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (!m || !pts.has(m[1])) return line;
    return `a=fmtp:${m[1]} ${m[2].replace(/profile-level-id=([0-9a-f]{6})/i, (_all, id: string) => {
      const profile = (offeredH264.get(m[1]) || '42e01f').slice(0, 4);
      return `profile-level-id=${profile}${id.slice(4).toLowerCase()}`;
    })}`;
  });
}

/** What {@link repairAnswer} changed, for logs and tests. */
export interface AnswerRepairs {
  /** `a=group` lines dropped because they cannot map onto the offer's groups (one group per m-line), or group one m-line. */
  droppedGroups: string[];
  /** M-sections put back in the offer's order. */
  reordered: boolean;
  /** Wire mids written where the answer had none or another. */
  midsWritten: string[];
  /** Directions made legal, as `mid:from→to`. */
  directions: string[];
  /** H.264 fmtp lines rewritten. */
  h264: number;
}

/**
 * Repairs a terminal's answer (wire form) against the offer it answers (wire form), as the original client does
 * for a device's answers (DEVICE.md):
 * - m-sections matched to the offer by `a=content`, `a=mid` or kind, put back in the offer's order, each given the
 *   offered mid (a device may omit `a=content` or `a=mid`, or order its m-lines otherwise);
 * - directions made legal for the offer ({@link legalAnswerDirection});
 * - `a=group:BUNDLE` lines kept only when they can be applied: several groups that all map onto one offered group
 *   (a browser echoing one group per m-line) are dropped, so each m-line has its own transport, which a
 *   device-path offer (`bundlePolicy: 'max-compat'`) gathered for; so is a group of one m-line (a device that
 *   keeps only `BUNDLE 0`: DEVICE.md "call works, update fails" for the original); group mids are renamed with the
 *   sections';
 * - H.264 `profile-level-id` set to the offered profile with the answer's level ({@link normaliseH264}).
 * An answer that needs none of this comes back unchanged (same text).
 */
export function repairAnswer(answer: string, offer: string): { sdp: string; repairs: AnswerRepairs } {
  const { session, media } = splitSdp(answer);
  const wanted = offered(offer);
  const repairs: AnswerRepairs = { droppedGroups: [], reordered: false, midsWritten: [], directions: [], h264: 0 };
  const matched = match(media, wanted);
  const renamed = new Map<string, string>();
  const placed: (Section | undefined)[] = wanted.map(() => undefined);
  const extra: Section[] = [];
  media.forEach((section, i) => {
    const j = matched[i];
    if (j < 0) {
      extra.push(section);
      return;
    }
    const o = wanted[j];
    const oldMid = midOf(section.lines);
    if (oldMid !== undefined) renamed.set(oldMid, o.mid);
    if (oldMid !== o.mid) repairs.midsWritten.push(o.mid);
    const from = directionOf(section);
    const to = legalAnswerDirection(o.direction, from);
    if (from !== to) repairs.directions.push(`${o.mid}:${from}→${to}`);
    let hasDirection = false;
    let lines = section.lines
      .map((l) => {
        if (l.startsWith('a=mid:')) return `a=mid:${o.mid}`;
        if (DIRECTIONS.includes(l.slice(2) as Direction) && l.startsWith('a=')) {
          hasDirection = true;
          return `a=${to}`;
        }
        return l;
      });
    if (!hasDirection && to !== 'sendrecv') lines.push(`a=${to}`);
    if (oldMid === undefined) lines.splice(1, 0, `a=mid:${o.mid}`);
    const h264 = normaliseH264(lines, o.h264);
    repairs.h264 += h264.filter((l, k) => l !== lines[k]).length;
    lines = h264;
    placed[j] = { lines };
  });
  repairs.reordered = matched.some((j, i) => j >= 0 && j !== i);
  const ordered = [...placed.filter((s): s is Section => s !== undefined), ...extra];

  const groups = session.filter((l) => l.startsWith('a=group:BUNDLE'));
  const offerGroups = splitSdp(offer).session.filter((l) => l.startsWith('a=group:BUNDLE')).map(groupMids);
  const mapped = groups.map((g) => groupMids(g).map((m) => renamed.get(m) ?? m));
  // Each answer group must map onto a different offered group (RFC 8843 §7.3.1); Chromium rejects the rest.
  const owner = mapped.map((mids) => offerGroups.findIndex((og) => mids.every((m) => og.includes(m))));
  const applicable = owner.every((o) => o >= 0) && new Set(owner).size === owner.length;
  const outSession = session.flatMap((l) => {
    if (!l.startsWith('a=group:BUNDLE')) return [l];
    const mids = mapped[groups.indexOf(l)];
    // A group of one m-line bundles nothing: that m-line keeps its own transport either way. Kept, it would make
    // the group "established", and the answer to the next offer (which groups every m-line again) could not leave
    // the others out of it ("cannot remove m= section … from already-established BUNDLE group").
    if (!applicable || mids.length < 2) {
      repairs.droppedGroups.push(l);
      return [];
    }
    return [`a=group:BUNDLE ${mids.join(' ')}`];
  });
  const changed =
    repairs.droppedGroups.length > 0 || repairs.reordered || repairs.midsWritten.length > 0 || repairs.directions.length > 0 || repairs.h264 > 0;
  if (!changed) return { sdp: answer, repairs };
  return { sdp: [...outSession, ...ordered.flatMap((s) => s.lines)].join(EOL) + EOL, repairs };
}

function groupMids(line: string): string[] {
  return line.slice('a=group:BUNDLE'.length).trim().split(/\s+/).filter(Boolean);
}
