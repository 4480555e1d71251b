/**
 * Browser-test support for `<gs-video-call>` on the real signalling server (test/support/live-room.ts): a member
 * that records every event it fires, and what a person at either side perceives of a call, measured in the page:
 * the other's video decoding (framesDecoded, frames presented), how much of its picture is lit, the sound received
 * (totalAudioEnergy), the status line and the toolbar's buttons; and the server's own counts of rooms and members.
 */
import type { GsCallEndedDetail, GsCallStateDetail, GsIncomingCallDetail, GsVideoCall } from '../../src/elements/gs-video-call/gs-video-call.js';
import type { Result } from '../../src/protocol/index.js';
import { allPlaying, freshRoom, reachState, signedIn, until } from './live-room.js';

export { until };

/** One `<gs-video-call>` and every event it fired, in order. */
export interface CallMember {
  el: GsVideoCall;
  /** `name detail-summary` of every event, in the order fired: `state-change idle>outgoing`, `error 481`… */
  log: string[];
  states: GsCallStateDetail[];
  ended: GsCallEndedDetail[];
  incoming: GsIncomingCallDetail[];
  errors: Result[];
  joined: Result[];
  left: Result[];
}

/** Starts recording `el`'s events (call before it signs in to see `joined`). */
export function record(el: GsVideoCall): CallMember {
  const m: CallMember = { el, log: [], states: [], ended: [], incoming: [], errors: [], joined: [], left: [] };
  el.addEventListener('state-change', (e) => {
    m.states.push(e.detail);
    m.log.push(`state-change ${e.detail.previous}>${e.detail.state}${e.detail.reason ? ` ${e.detail.reason}` : ''}`);
  });
  el.addEventListener('call-ended', (e) => {
    m.ended.push(e.detail);
    m.log.push(`call-ended ${e.detail.reason}`);
  });
  el.addEventListener('incoming-call', (e) => {
    m.incoming.push(e.detail);
    m.log.push(`incoming-call ${e.detail.from.displayName}`);
  });
  for (const name of ['error', 'joined', 'left'] as const) {
    el.addEventListener(name, (e) => {
      (name === 'error' ? m.errors : name === 'joined' ? m.joined : m.left).push(e.detail);
      m.log.push(`${name} ${e.detail.code}`);
    });
  }
  return m;
}

/** A `<gs-video-call>` signed in to `lobby` as `name`, its events recorded from before the sign-in. */
export async function callMember(lobby: string, name: string, setup: (el: GsVideoCall) => void = () => {}): Promise<CallMember> {
  let m: CallMember | undefined;
  await signedIn(lobby, name, (el) => {
    setup(el);
    m = record(el);
  });
  return m!;
}

/** Members named `names` signed in to a fresh lobby, once each lists all the others. */
export async function lobbyOf(prefix: string, ...names: string[]): Promise<CallMember[]> {
  const lobby = freshRoom(prefix);
  const members: CallMember[] = [];
  for (const name of names) members.push(await callMember(lobby, name));
  if (!(await until(() => members.every((m) => m.el.members.length === names.length - 1)))) throw new Error(`${names} do not all see each other`);
  await Promise.all(members.map((m) => m.el.updateComplete));
  return members;
}

/** `caller` calls `callee` and both see the ring. */
export async function ring(caller: CallMember, callee: CallMember): Promise<void> {
  const called = await caller.el.call(callee.el.memberId);
  if (called.code !== 200) throw new Error(`call: ${called.code} ${called.message}`);
  await reachState(caller.el, 'outgoing');
  await reachState(callee.el, 'incoming');
}

/** Waits until each of `members` is idle and rendered. */
export async function allIdle(...members: CallMember[]): Promise<void> {
  for (const m of members) await reachState(m.el, 'idle');
  await Promise.all(members.map((m) => m.el.updateComplete));
}

/** `caller` calls `callee`, who accepts; resolves once both play the other's stream. */
export async function connect(caller: CallMember, callee: CallMember): Promise<void> {
  await ring(caller, callee);
  const accepted = await callee.el.accept();
  if (accepted.code !== 200) throw new Error(`accept: ${accepted.code} ${accepted.message}`);
  await reachState(caller.el, 'active');
  await reachState(callee.el, 'active');
  const both = [caller.el, callee.el];
  if (!(await until(() => both.every((el) => el.remoteStream) && allPlaying(both, 0.3), 20_000))) throw new Error('the two sides do not play each other');
}

/** An element of `el`'s shadow root by part name. */
export const part = <T extends HTMLElement = HTMLElement>(el: GsVideoCall, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`)!;

/** The status line's text, spaces collapsed. */
export const statusText = (el: GsVideoCall) => part(el, 'status').textContent!.replace(/\s+/g, ' ').trim();

/** The toolbar's buttons by their text (the mute buttons have no part of their own). */
export const toolbarButton = (el: GsVideoCall, text: string) =>
  [...part(el, 'toolbar').querySelectorAll('button')].find((b) => b.textContent!.trim() === text) ?? null;

/** Sums one field of `el`'s call link's inbound-rtp report of `kind` (0 without a link). */
export async function inbound(el: GsVideoCall, kind: 'audio' | 'video', field: 'framesDecoded' | 'totalAudioEnergy' | 'bytesReceived'): Promise<number> {
  const pc = el.peerConnection;
  if (!pc) return 0;
  let sum = 0;
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === kind) sum += Number(s[field] ?? 0);
  });
  return sum;
}

/** How many of the 64 pixels of `video`'s current picture shrunk to 8×8 are not black (0 before its first frame). */
export function litPoints(video: HTMLVideoElement): number {
  if (!video.videoWidth) return 0;
  const canvas = Object.assign(document.createElement('canvas'), { width: 8, height: 8 });
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(video, 0, 0, 8, 8);
  const rgba = g.getImageData(0, 0, 8, 8).data;
  return Array.from({ length: 64 }, (_, i) => rgba[i * 4] + rgba[i * 4 + 1] + rgba[i * 4 + 2]).filter((sum) => sum > 48).length;
}

/** Counts the frames `video` presents (requestVideoFrameCallback) until `stop()`. */
export function countFrames(video: HTMLVideoElement): { count(): number; stop(): void } {
  let frames = 0;
  let handle = 0;
  const next = () => {
    frames++;
    handle = video.requestVideoFrameCallback(next);
  };
  handle = video.requestVideoFrameCallback(next);
  return { count: () => frames, stop: () => video.cancelVideoFrameCallback(handle) };
}

/**
 * Waits until the growth of `value` over the last `windowMs` passes `test` (sampled every 50 ms), e.g. "decoded more
 * than 10 frames in the last second" or "received no sound in the last second". Resolves that growth, or null.
 */
export async function untilRate(value: () => number | Promise<number>, test: (growth: number) => boolean, windowMs = 1_000, timeoutMs = 15_000): Promise<number | null> {
  const samples: { at: number; v: number }[] = [];
  let growth: number | null = null;
  const ok = await until(async () => {
    const now = performance.now();
    samples.push({ at: now, v: await value() });
    const from = samples.filter((s) => s.at <= now - windowMs).at(-1);
    if (!from) return false;
    growth = samples.at(-1)!.v - from.v;
    return test(growth);
  }, timeoutMs);
  return ok ? growth : null;
}

/** The real signalling server's counts (scripts/wtr-signalling-plugin.mjs): open sockets, rooms, members in them. */
export async function roomStats(): Promise<{ connections: number; rooms: number; members: number }> {
  return (await fetch('/__signalling/stats')).json();
}
