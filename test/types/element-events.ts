// Type-level test, checked by `npm run typecheck` (never run): each element's listeners get that element's
// detail. A `// @ts-expect-error` line that stops being an error fails the type check.
import type { GsScreenShare } from '../../src/elements/gs-screen-share/gs-screen-share.js';
import type { GsTerminal } from '../../src/elements/gs-terminal/gs-terminal.js';
import type { GsShareStats } from '../../src/elements/gs-share-stats/gs-share-stats.js';
import type { GsStateChangeDetail } from '../../src/elements/gs-screen-share/gs-screen-share.component.js';
import type { GsTerminalStateChangeDetail } from '../../src/elements/gs-terminal/gs-terminal.events.js';

declare const share: GsScreenShare;
declare const terminal: GsTerminal;
declare const stats: GsShareStats;

/** A room's state-change detail: another element's shape, which the sharer's listeners must refuse. */
interface RoomShapedDetail {
  state: 'idle' | 'joining' | 'joined' | 'full' | 'leaving' | 'failed';
  previous: 'idle' | 'joining' | 'joined' | 'full' | 'leaving' | 'failed';
  room: string;
}

share.addEventListener('state-change', (e) => {
  const detail: GsStateChangeDetail = e.detail;
  const presenting: boolean = detail.state === 'presenting';
  void presenting;
  // @ts-expect-error the sharer has no 'joined' state
  const joined: boolean = e.detail.state === 'joined';
  void joined;
});
// @ts-expect-error a listener for a room-shaped state-change is not a sharer listener
share.addEventListener('state-change', (e: CustomEvent<RoomShapedDetail>) => void e);
share.addEventListener('quality-change', (e) => void e.detail.plan.kbps);
share.addEventListener('audio-unavailable', (e) => void (e.detail.message satisfies string));
share.addEventListener('camera-unavailable', (e) => void (e.detail.message satisfies string));
share.addEventListener('error', (e) => void (e.detail.code satisfies number));
// @ts-expect-error the sharer's error is a CustomEvent, not an ErrorEvent
share.addEventListener('error', (e: ErrorEvent) => void e);

terminal.addEventListener('state-change', (e) => {
  const detail: GsTerminalStateChangeDetail = e.detail;
  void detail;
  // @ts-expect-error the terminal's state-change is not the sharer's
  const sharerDetail: GsStateChangeDetail = e.detail;
  void sharerDetail;
});
terminal.addEventListener('presentation-change', (e) => void (e.detail.requested satisfies boolean));
terminal.addEventListener('terminal-frame', (e) => void (e.detail.direction satisfies 'in' | 'out'));
terminal.addEventListener('error', (e) => void (e.detail.message satisfies string));
stats.addEventListener('gs-share-stats-sample', (e) => void (e.detail.kbps satisfies number));
stats.addEventListener('error', (e) => void (e.detail.code satisfies number));
// Any other name falls back to a plain Event listener.
share.addEventListener('click', (e) => void (e satisfies Event));

// Operations answer { code, message }.
export const answers: Promise<{ code: number; message: string }>[] = [
  terminal.acceptPresentation(),
  terminal.declinePresentation(),
  terminal.toggleFullscreen(),
  terminal.togglePictureInPicture(),
  terminal.requestPresentation(),
  share.call(),
];

// The React wrappers' `on…` props take each element's own event: the sharer's onStateChange gets the sharer's
// detail, though `state-change` is in no global map.
import type { EventName } from '@lit/react';
import type { ReactEvents } from '../../src/react/react-events.js';
import type { GsScreenShareEventMap } from '../../src/elements/gs-screen-share/gs-screen-share.component.js';
type EventOf<P> = P extends EventName<infer E> ? E : never;
type SharerStateEvent = EventOf<ReactEvents<'state-change', GsScreenShareEventMap>['onStateChange']>;
export const reactStateDetail = (e: SharerStateEvent): GsStateChangeDetail => e.detail;
