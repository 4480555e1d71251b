/**
 * Browser-test support for `<gs-room>` and `<gs-video-call>` against the real signalling server that
 * scripts/wtr-signalling-plugin.mjs runs beside web-test-runner: members in one page (each element its own
 * WebSocket and RTCPeerConnections), and a watch on every `<video>` of their shadow roots that counts `loadstart`
 * and notes each time `currentTime` goes back, i.e. what a person sees as the picture restarting.
 */
import '../../src/elements/gs-room/gs-room.js';
import '../../src/elements/gs-video-call/gs-video-call.js';
import type { GsRoom } from '../../src/elements/gs-room/gs-room.component.js';
import type { GsVideoCall } from '../../src/elements/gs-video-call/gs-video-call.component.js';
import { signallingOrigin, until } from './browser-terminal.js';

export { signallingOrigin, until };

let rooms = 0;
/** A room name no other test of this run uses. */
export const freshRoom = (prefix = 'wtr-room') => `${prefix}-${Date.now().toString(36)}-${++rooms}`;

/** A `<gs-room>` on the real server, appended to `parent` (default body), not joined yet. */
export async function roomMember(parent: HTMLElement = document.body, setup: (el: GsRoom) => void = () => {}): Promise<GsRoom> {
  const el = document.createElement('gs-room');
  el.server = await signallingOrigin();
  setup(el);
  parent.append(el);
  await el.updateComplete;
  return el;
}

/** A `<gs-room>` that joined `room` as `name` and published its (fake) camera. */
export async function joinedMember(room: string, name: string, parent?: HTMLElement): Promise<GsRoom> {
  const el = await roomMember(parent);
  const joined = await el.join(room, name);
  if (joined.code !== 200) throw new Error(`${name} could not join ${room}: ${joined.code} ${joined.message}`);
  const published = await el.publish();
  if (published.code !== 200) throw new Error(`${name} could not publish: ${published.code} ${published.message}`);
  await el.updateComplete;
  return el;
}

/** A `<gs-video-call>` on the real server, signed in to `lobby` as `name`. */
export async function signedIn(lobby: string, name: string, setup: (el: GsVideoCall) => void = () => {}, parent: HTMLElement = document.body): Promise<GsVideoCall> {
  const el = document.createElement('gs-video-call');
  el.server = await signallingOrigin();
  setup(el);
  parent.append(el);
  const joined = await el.join(lobby, name);
  if (joined.code !== 200) throw new Error(`${name} could not sign in to ${lobby}: ${joined.code} ${joined.message}`);
  await el.updateComplete;
  return el;
}

/** Waits until `el` is in `state` (its reflected attribute); fails with what it is in instead. */
export async function reachState(el: GsRoom | GsVideoCall, state: string, timeoutMs = 15_000): Promise<void> {
  if (!(await until(() => el.state === state, timeoutMs))) throw new Error(`<${el.localName}> stayed ${el.state}, not ${state}`);
}

/** Every `<video>` and `<audio>` in `roots`, in document order. */
export const mediaIn = (...roots: Element[]) => roots.flatMap((el) => [...el.shadowRoot!.querySelectorAll<HTMLMediaElement>('video, audio')]);

/**
 * Watches the media elements of `hosts`' shadow roots: `loadstart` counted per element (from the first, through a
 * capturing listener on each shadow root, so elements created later are counted too), and `currentTime` read every
 * 50 ms, a step back recorded. `report()` lists each element still in the page.
 */
export function watchMedia(...hosts: Element[]) {
  const loadstarts = new Map<HTMLMediaElement, number>();
  const last = new Map<HTMLMediaElement, number>();
  const backwards: string[] = [];
  const name = (m: HTMLMediaElement) => {
    const host = (m.getRootNode() as ShadowRoot).host as HTMLElement | undefined;
    const tile = m.closest<HTMLElement>('[data-member-id]');
    return `${host?.localName ?? '?'}[${hosts.indexOf(host!)}] ${m.getAttribute('part')}${m.dataset.kind ? `:${m.dataset.kind}` : ''}${tile ? ` of ${tile.dataset.memberId}` : ''}`;
  };
  const onLoadstart = (e: Event) => {
    const media = e.target as HTMLMediaElement;
    loadstarts.set(media, (loadstarts.get(media) ?? 0) + 1);
  };
  for (const host of hosts) host.shadowRoot!.addEventListener('loadstart', onLoadstart, true);
  const timer = setInterval(() => {
    for (const media of mediaIn(...hosts)) {
      const now = media.currentTime;
      const before = last.get(media);
      if (before !== undefined && now + 0.001 < before) backwards.push(`${name(media)}: ${before.toFixed(2)} → ${now.toFixed(2)} s`);
      last.set(media, now);
    }
  }, 50);
  return {
    loadstarts,
    backwards,
    /** Each media element in the page now: its name, `loadstart`s so far, `currentTime` and whether it has a stream. */
    report: () =>
      mediaIn(...hosts).map((m) => ({ name: name(m), loadstarts: loadstarts.get(m) ?? 0, currentTime: m.currentTime, stream: m.srcObject !== null })),
    stop() {
      clearInterval(timer);
      for (const host of hosts) host.shadowRoot?.removeEventListener('loadstart', onLoadstart, true);
    },
  };
}

/** True once every media element of `hosts` that has a stream plays (currentTime > `seconds`). */
export const allPlaying = (hosts: Element[], seconds = 0.3) =>
  mediaIn(...hosts)
    .filter((m) => m.srcObject)
    .every((m) => !m.paused && m.currentTime > seconds);

/** The text a person reads or hears in `el`'s shadow root: its text nodes (not inside <style>) and aria-labels. */
export function visibleTexts(el: Element): string[] {
  const root = el.shadowRoot!;
  const texts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent?.closest('style')) continue;
    const text = node.textContent!.trim();
    if (text) texts.push(text);
  }
  for (const labelled of root.querySelectorAll('[aria-label]')) texts.push(labelled.getAttribute('aria-label')!);
  return texts;
}
