/** The events of `<gs-terminal>`, typed: `GsTerminalEventMap` and the listener overloads merged into the class. */
import type { Result } from '../../protocol/index.js';
import type { TerminalState } from '../../terminal/terminal-session.js';

/** `detail` of `<gs-terminal>`'s `state-change`. */
export interface GsTerminalStateChangeDetail {
  /** The new line state: `offline`, `online` or `inCall`. */
  state: TerminalState;
  /** The line state before. */
  previous: TerminalState;
}

/** `detail` of `presentation-change`. */
export interface GsTerminalPresentationDetail {
  /** True while a presentation is on (ctrlPresentation(1) accepted). */
  presenting: boolean;
  /** True while a page's request to present waits for Accept / Decline (`confirm-presentation`). */
  requested: boolean;
  /** userName of the page in the call, or null. */
  userName: string | null;
}

/** `detail` of `terminal-frame`. */
export interface GsTerminalFrameDetail {
  /** `in`: received from the page; `out`: sent by this terminal. */
  direction: 'in' | 'out';
  /** The frame's exact JSON text. */
  text: string;
}

/** Every event `<gs-terminal>` fires, with its detail. */
export interface GsTerminalEventMap {
  'state-change': CustomEvent<GsTerminalStateChangeDetail>;
  'presentation-change': CustomEvent<GsTerminalPresentationDetail>;
  'terminal-frame': CustomEvent<GsTerminalFrameDetail>;
  error: CustomEvent<Result>;
}
