/** The events `<gs-screen-share>` fires: their details, the kebab-case aliases, and the typed event map. */
import type { Result } from '../../protocol/index.js';
import type { Operation, PublicState } from '../../session/types.js';
import type { GsStatsDetail } from '../internal/share-stats.js';
import type { GsQualityChangeDetail } from './quality-controller.js';

/** `detail` of `shareScreen`, `stopShareScreen`, `pauseShareScreen`, `hangup` and `error`. */
export interface GsResultDetail extends Result {
  /** The operation the result belongs to (`call`, `beginScreen`, `pausePresent`, `stopScreen`, `hangUp`), when there is one. */
  op?: Operation;
}

/** `detail` of `shareScreenRequest` and `stopShareScreenRequest`: answer the terminal, now or later. */
export interface GsRequestDetail extends Result {
  /** Agree: capture and share (shareScreenRequest) or stop sharing (stopShareScreenRequest). */
  accept(): void;
  /** Refuse: the terminal gets ctrlPresentationRet 403. */
  reject(): void;
}

/** `detail` of `audio-unavailable` and `camera-unavailable`. */
export interface GsMediaUnavailableDetail {
  /** Why, in words. */
  message: string;
}

/** `detail` of `state-change`. */
export interface GsStateChangeDetail {
  /** The new public state. */
  state: PublicState;
  /** The state before. */
  previous: PublicState;
}

/**
 * Kebab-case aliases of the seed's camelCase event names, fired right after each of them with the same detail,
 * for listeners whose names get lower-cased: in-DOM templates (Vue's `@shareScreen` written in the page's HTML
 * reaches Vue as `@sharescreen`) and other attribute-based listener syntaxes. A cancelable request counts as
 * refused when either event is prevented.
 */
export const eventAliases: Readonly<Record<string, string>> = {
  shareScreen: 'gs-share-screen',
  stopShareScreen: 'gs-stop-share-screen',
  pauseShareScreen: 'gs-pause-share-screen',
  hangup: 'gs-hangup',
  shareScreenRequest: 'gs-share-screen-request',
  stopShareScreenRequest: 'gs-stop-share-screen-request',
  hangupRequest: 'gs-hangup-request',
};

/** Every event `<gs-screen-share>` fires, with its detail (the `@event` list of GsScreenShare's docstring, gs-screen-share.component.ts). */
export interface GsScreenShareEventMap {
  shareScreen: CustomEvent<GsResultDetail>;
  stopShareScreen: CustomEvent<GsResultDetail>;
  pauseShareScreen: CustomEvent<GsResultDetail>;
  hangup: CustomEvent<GsResultDetail>;
  shareScreenRequest: CustomEvent<GsRequestDetail>;
  stopShareScreenRequest: CustomEvent<GsRequestDetail>;
  hangupRequest: CustomEvent<GsResultDetail>;
  error: CustomEvent<GsResultDetail>;
  'quality-change': CustomEvent<GsQualityChangeDetail>;
  'audio-unavailable': CustomEvent<GsMediaUnavailableDetail>;
  'camera-unavailable': CustomEvent<GsMediaUnavailableDetail>;
  'state-change': CustomEvent<GsStateChangeDetail>;
  stats: CustomEvent<GsStatsDetail>;
  'gs-share-screen': CustomEvent<GsResultDetail>;
  'gs-stop-share-screen': CustomEvent<GsResultDetail>;
  'gs-pause-share-screen': CustomEvent<GsResultDetail>;
  'gs-hangup': CustomEvent<GsResultDetail>;
  'gs-share-screen-request': CustomEvent<GsRequestDetail>;
  'gs-stop-share-screen-request': CustomEvent<GsRequestDetail>;
  'gs-hangup-request': CustomEvent<GsResultDetail>;
}
