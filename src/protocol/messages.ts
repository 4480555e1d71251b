/**
 * Message shapes of the gs-webrtc-json protocol (PROTOCOL.md "Transport" and "Actions").
 * Pure types and constants: imported by the browser and by the Node server alike.
 */

/** WebSocket sub-protocol every connection must negotiate. */
export const SUBPROTOCOL = 'gs-webrtc-json';

/** The page sends this text every {@link KEEPALIVE_INTERVAL_MS} while open. */
export const KEEPALIVE_PING = '\r\n';
/** A received keep-alive to ignore. */
export const KEEPALIVE_PONG = '\r\n\r\n';
/** Keep-alive period, in ms (PROTOCOL.md "Transport": every 5 s). */
export const KEEPALIVE_INTERVAL_MS = 5000;

/** The userName the original gsRTC library sent when the page gave none. */
export const DEFAULT_USER_NAME = 'webRTC_Client';

/** Actions that open a request/reply exchange. */
export const requestActions = [
  'createMediaSession',
  'updateMediaSession',
  'ctrlPresentation',
  'destroyMediaSession',
  'cancelRequest',
  'updateCandidate',
  'sendMessageToUser',
  'updateUserInfo',
  'updateUserList',
] as const;

/** A request action name. */
export type RequestAction = (typeof requestActions)[number];
/** The reply action of a request: `<action>Ret`. */
export type ReplyAction = `${RequestAction}Ret`;

/**
 * The original gsRTC client's notice `"close "` (with its trailing space): sent when a ctrlPresentationRet 200 comes
 * after it has cancelled that request and closed its stream, so that the terminal resets its presentation
 * (DEVICE.md "What the original sends"). Neither a request nor a reply: it is relayed, never answered.
 */
export const CLOSE_NOTICE = 'close ';
/** An action that is neither a request nor a reply: {@link CLOSE_NOTICE}. */
export type NoticeAction = typeof CLOSE_NOTICE;
/** Any action name of the protocol. */
export type Action = RequestAction | ReplyAction | NoticeAction;

/** Every action name, requests first, then replies, then the notice. */
export const allActions: readonly Action[] = [
  ...requestActions,
  ...requestActions.map((a) => `${a}Ret` as ReplyAction),
  CLOSE_NOTICE,
];

/** True for {@link CLOSE_NOTICE}, which gets no reply. */
export function isNotice(action: string): action is NoticeAction {
  return action === CLOSE_NOTICE;
}

/** `sendPermission` values of ctrlPresentation (PROTOCOL.md "Actions"). */
export const SendPermission = {
  /** 0: the page stops presenting. */
  PAGE_STOP: 0,
  /** 1: the page asks to start presenting. */
  PAGE_START: 1,
  /** 2: the terminal asks the page to stop presenting. */
  TERMINAL_ASKS_STOP: 2,
  /** 3: the terminal asks the page to start presenting. */
  TERMINAL_ASKS_START: 3,
} as const;
export type SendPermissionValue = (typeof SendPermission)[keyof typeof SendPermission];

/** SDP as carried on the wire: `length` is the number of characters of `data`. */
export interface SdpField {
  length: number;
  data: string;
}

/** The result part of every `…Ret`, and the 5xx reason of a terminal's destroyMediaSession. */
export interface RspInfo {
  rspCode: number;
  /** Absent in some replies of the original gsRTC client (DEVICE.md); a reader falls back to `describeCode`. */
  rspMsg?: string;
  showCode?: number;
}

/** One trickled ICE candidate (updateCandidate); `candidate: ""` marks the end of candidates. */
export interface CandidateField {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/** The body of any frame: the union of the fields PROTOCOL.md lists. */
export interface Body {
  userName?: string;
  reqId: number;
  sdp?: SdpField;
  sendPermission?: SendPermissionValue;
  rspInfo?: RspInfo;
  cancelReqId?: number;
  cancelReqCmd?: RequestAction;
  candidate?: CandidateField;
}

/** A decoded frame: `{ "<action>": body, "local_line"?: n }` on the wire. */
export interface Frame {
  action: Action;
  body: Body;
  /** The terminal's line id (`local_line` on the wire), when it sent one. */
  localLine?: number;
  /**
   * The original gsRTC client's hang-up carries `"sdp":{"data":{"value":N}}` (N = 5) instead of SDP
   * (DEVICE.md "What the original sends"): N is kept here, the body has no `sdp`, and serialiseFrame writes it back.
   */
  sdpValue?: number;
}

/** True when `action` is a reply (`…Ret`). */
export function isReply(action: string): action is ReplyAction {
  return action.endsWith('Ret') && (requestActions as readonly string[]).includes(action.slice(0, -3));
}

/** Wraps SDP text for the wire. */
export function sdpField(data: string): SdpField {
  return { length: data.length, data };
}
