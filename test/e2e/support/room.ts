/** Helpers for the room e2e tests: drive a page's `<gs-room>` and read what its tiles decode. */
import type { Page } from 'playwright-core';

/** Frames decoded so far from member `memberId`'s `kind` stream on this page (inbound-rtp of that link). */
export function framesFrom(page: Page, memberId: string, kind: 'camera' | 'screen' = 'camera'): Promise<number> {
  return page.evaluate(
    async ([id, kind]) => {
      const el = document.querySelector('gs-room')!;
      const pc = el.connectionTo(id);
      const p = el.participants.find((x) => x.memberId === id);
      const stream = kind === 'camera' ? p?.camera : p?.screen;
      const track = stream?.getVideoTracks()[0];
      if (!pc || !track) return 0;
      let frames = 0;
      (await pc.getStats(track)).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
      });
      return frames;
    },
    [memberId, kind] as const,
  );
}

/** Samples the tile video of `memberId` (`kind`): how many of 64 points are not black, and its size. */
export function tilePixels(page: Page, memberId: string, kind: 'camera' | 'screen' = 'camera'): Promise<{ width: number; height: number; lit: number }> {
  return page.evaluate(
    ([id, kind]) => {
      const root = document.querySelector('gs-room')!.shadowRoot!;
      const video = root.querySelector<HTMLVideoElement>(`[part~="tile"][data-member-id="${id}"] video[data-kind="${kind}"]`);
      if (!video || !video.videoWidth) return { width: 0, height: 0, lit: 0 };
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const g = canvas.getContext('2d')!;
      g.drawImage(video, 0, 0);
      let lit = 0;
      for (let i = 0; i < 8; i++) {
        for (let j = 0; j < 8; j++) {
          const [r, gr, b] = g.getImageData(((i + 0.5) * canvas.width) / 8, ((j + 0.5) * canvas.height) / 8, 1, 1).data;
          if (r + gr + b > 48) lit++;
        }
      }
      return { width: canvas.width, height: canvas.height, lit };
    },
    [memberId, kind] as const,
  );
}

/** The page's memberId ('' when not joined). */
export const memberIdOf = (page: Page) => page.evaluate(() => document.querySelector('gs-room')!.memberId);
/** The page's room state. */
export const roomState = (page: Page) => page.evaluate(() => document.querySelector('gs-room')!.state);
/** The memberIds that have a tile on the page (others only). */
export const tileIds = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelector('gs-room')!.shadowRoot!.querySelectorAll<HTMLElement>('[part="tile"]')].map((t) => t.dataset.memberId ?? ''),
  );

/** Fills the login form and presses Join (which also publishes the camera unless manual-publish). */
export async function joinByForm(page: Page, user: string, room?: string): Promise<void> {
  await page.locator('gs-room input[name="user"]').fill(user);
  if (room !== undefined) await page.locator('gs-room input[name="room"]').fill(room);
  await page.locator('gs-room [part~="join-button"]').click();
}

/** Records every event of the page's `<gs-room>` in window.roomEvents. */
export function recordEvents(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen: { name: string; detail: unknown }[] = [];
    (window as unknown as { roomEvents: typeof seen }).roomEvents = seen;
    const el = document.querySelector('gs-room')!;
    for (const name of ['joined', 'left', 'room-full', 'published', 'screen-shared', 'screen-stopped', 'member-joined', 'member-left', 'chat-message', 'state-change', 'recording-change', 'error']) {
      el.addEventListener(name, (e) => seen.push({ name, detail: (e as CustomEvent).detail }));
    }
  });
}

export const roomEvents = (page: Page) =>
  page.evaluate(() => (window as unknown as { roomEvents: { name: string; detail: Record<string, unknown> }[] }).roomEvents);

/**
 * What a failing decode assertion prints: the link to `memberId` on this page (signaling, ICE and connection
 * states, collisions, each transceiver's mid, direction and receiver track), and the participant's streams.
 */
export function linkReport(page: Page, memberId: string): Promise<string> {
  return page.evaluate(async (id) => {
    const el = document.querySelector('gs-room')!;
    const pc = el.connectionTo(id);
    const p = el.participants.find((x) => x.memberId === id);
    const streams = `camera ${p?.camera?.getTracks().map((t) => `${t.kind}:${t.readyState}${t.muted ? ':muted' : ''}`).join(',') ?? '-'}; screen ${p?.screen?.getTracks().length ?? '-'}`;
    if (!pc) return `no connection to ${id}; ${streams}`;
    const transceivers = pc
      .getTransceivers()
      .map((t) => `mid ${t.mid} ${t.direction}/${t.currentDirection} recv ${t.receiver.track.kind}:${t.receiver.track.readyState}${t.receiver.track.muted ? ':muted' : ''} send ${t.sender.track?.kind ?? '-'}`)
      .join('; ');
    let pairs = '';
    (await pc.getStats()).forEach((s: { type: string; state?: string; nominated?: boolean }) => {
      if (s.type === 'candidate-pair') pairs += `${s.state}${s.nominated ? '*' : ''} `;
    });
    return `signaling ${pc.signalingState}, ice ${pc.iceConnectionState}, connection ${pc.connectionState}, gathering ${pc.iceGatheringState}; pairs ${pairs || 'none'}; ${transceivers}; ${streams}`;
  }, memberId);
}
