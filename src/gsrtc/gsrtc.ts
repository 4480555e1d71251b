/**
 * The original gsRTC API (seed 000; PROTOCOL.md "Public API of the original"), unchanged for existing pages:
 * preInit(), call(wsAddr, callback), beginScreen(callback), pausePresent(isMute, callback), stopScreen(callback),
 * hangUP(callback), and on(name, handler) / off(name, handler) for the seven registrations plus `error`.
 *
 * It is a thin facade over the same SessionClient and statechart as `<gs-screen-share>`: no second implementation.
 * Callbacks receive `(codeType, message)`; handlers receive `{ codeType, message }` (plus `accept()` / `reject()` on
 * shareScreenRequest and stopShareScreenRequest).
 */
import { SessionClient, type SessionNotice } from '../session/session-client.js';
import { createBrowserSessionMachine } from '../session/browser-session.js';
import type { Operation, RequestKind } from '../session/types.js';
import { requestRegistration, resultRegistration } from '../session/notice-events.js';
import { toBetaCode, type Result } from '../protocol/index.js';
import { confirmText, type GsRtcMessageKey } from './confirm-text.js';

/** A gsRTC callback: `codeType` 200 = success, anything else = why not (seed 000 "错误码说明"). */
export type GsRtcCallback = (codeType: number, message: string) => void;

/** The registrations of seed 000 ("注册事件说明"), plus `error`. */
export type GsRtcRegistration =
  | 'shareScreen'
  | 'stopShareScreen'
  | 'pauseShareScreen'
  | 'hangup'
  | 'shareScreenRequest'
  | 'stopShareScreenRequest'
  | 'hangupRequest'
  | 'error';

/** What a handler receives. */
export interface GsRtcEvent {
  codeType: number;
  message: string;
  /** On shareScreenRequest / stopShareScreenRequest: agree. */
  accept?: () => void;
  /** On shareScreenRequest / stopShareScreenRequest: refuse (403). */
  reject?: () => void;
}

/** A handler; on the two requests, returning `true` accepts and `false` refuses, when it did not call accept/reject. */
export type GsRtcHandler = (event: GsRtcEvent) => unknown;

/** Options of preInit (all optional). */
export interface GsRtcOptions {
  /** userName sent in every request (default "webRTC_Client"). */
  userName?: string;
  /** Wait for each reply, in ms (default 10000). */
  requestTimeout?: number;
  /** Max video bitrate, in kbps. */
  maxBitrate?: number;
  /** RTCPeerConnection configuration (ICE servers). */
  rtcConfiguration?: RTCConfiguration;
  /**
   * `'beta'`: callbacks and handlers get the GVC3220_Beta codes for local failures, for pages written against the
   * beta firmware (300 → 100, 302 → 466, 303 → 403, 308 → 408; PROTOCOL.md "Codes"). Default `'current'`.
   */
  codes?: 'current' | 'beta';
  /**
   * Language of the confirm prompt shown when the terminal asks to present and no handler answers (key
   * `gsrtc.confirm`, src/gsrtc/confirm-text.ts): a BCP 47 tag; default `<html lang>`, else English. English, Chinese
   * and Russian are inside the script (nothing is fetched).
   */
  lang?: string;
  /** The page's own strings over the shipped table, e.g. `{ 'gsrtc.confirm': 'Present now?' }`. */
  strings?: Partial<Record<GsRtcMessageKey, string>>;
}

export class GsRTC {
  private client: SessionClient | null = null;
  private options: GsRtcOptions = {};
  private readonly handlers = new Map<GsRtcRegistration, Set<GsRtcHandler>>();

  /** Initialises gsRTC (seed 000 §1). Safe to call again: it starts a fresh session with the new options. */
  preInit(options: GsRtcOptions = {}): void {
    this.client?.stop();
    this.options = { ...options };
    const machine = createBrowserSessionMachine({ configuration: () => this.options.rtcConfiguration });
    this.client = new SessionClient(machine, {
      userName: options.userName,
      requestTimeoutMs: options.requestTimeout,
      maxBitrateKbps: options.maxBitrate,
    });
    this.client.listen((notice) => this.handleNotice(notice));
    this.client.start();
  }

  /** Calls the terminal at `wsAddr`, e.g. `ws://192.168.131.172:10200` (seed 000 §2). 200, or 300/302/408/486/…. */
  call(wsAddr: string, callback?: GsRtcCallback): void {
    this.run('call', { type: 'CALL', url: wsAddr, userName: this.options.userName }, callback);
  }

  /** Starts sharing the screen (seed 000 §3). 200, or 301/303/308/104/106/481/4xx. */
  beginScreen(callback?: GsRtcCallback): void {
    this.run('beginScreen', { type: 'BEGIN_SCREEN' }, callback);
  }

  /** Pauses (`isMute` true) or resumes the presentation (seed 000 §4). 200, or 104/106/481. */
  pausePresent(isMute: boolean, callback?: GsRtcCallback): void {
    this.run('pausePresent', { type: 'PAUSE', mute: Boolean(isMute) }, callback);
  }

  /** Stops sharing the screen (seed 000 §5). 200, or 105/106/408/481. */
  stopScreen(callback?: GsRtcCallback): void {
    this.run('stopScreen', { type: 'STOP_SCREEN' }, callback);
  }

  /** Ends the call (seed 000 §6). 200, or 408/481. */
  hangUP(callback?: GsRtcCallback): void {
    this.run('hangUp', { type: 'HANG_UP' }, callback);
  }

  /** Registers a handler (seed 000 "注册事件说明"). */
  on(name: GsRtcRegistration, handler: GsRtcHandler): void {
    const set = this.handlers.get(name) ?? new Set();
    set.add(handler);
    this.handlers.set(name, set);
  }

  /** Removes one handler, or every handler of `name` when none is given. */
  off(name: GsRtcRegistration, handler?: GsRtcHandler): void {
    if (handler) this.handlers.get(name)?.delete(handler);
    else this.handlers.delete(name);
  }

  /** The public state of the session (idle, calling, connected, asked, presenting, paused, …). */
  get state(): string {
    return this.client?.state ?? 'idle';
  }

  private run(op: Operation, event: Parameters<SessionClient['request']>[1], callback?: GsRtcCallback): void {
    if (!this.client) this.preInit(this.options);
    void this.client!.request(op, event).then((result) => this.invoke(() => callback?.(this.code(result.code), result.message)));
  }

  private handleNotice(notice: SessionNotice): void {
    if (notice.type === 'state') return;
    if (notice.type === 'request') return this.handleRequest(notice.kind, notice.result);
    const { result } = notice;
    const { name, failed } = resultRegistration(notice);
    if (name) this.trigger(name, { codeType: result.code, message: result.message });
    if (failed) this.trigger('error', { codeType: result.code, message: result.message });
  }

  private handleRequest(kind: RequestKind, result: Result): void {
    const name = requestRegistration(kind);
    if (kind === 'hangup') {
      this.trigger(name, { codeType: result.code, message: result.message });
      return;
    }
    let answered = false;
    const answer = (accept: boolean) => {
      if (answered) return;
      answered = true;
      this.client?.answer(accept);
    };
    const returned = this.trigger(name, { codeType: result.code, message: result.message, accept: () => answer(true), reject: () => answer(false) });
    if (answered) return;
    if (returned.includes(false)) return answer(false);
    if (returned.includes(true)) return answer(true);
    if ((this.handlers.get(name)?.size ?? 0) > 0) return; // a handler will answer later (or the request times out: 408)
    if (kind === 'stopShareScreen') return answer(true);
    const ask = (globalThis as { confirm?: (text: string) => boolean }).confirm;
    if (typeof ask !== 'function') return answer(false);
    const tag = this.options.lang ?? (globalThis as { document?: Document }).document?.documentElement.lang ?? '';
    // Asked once the request's own handling is done (as before, when the sentence could be on its way).
    void Promise.resolve().then(() => answer(ask(confirmText(tag, this.options.strings))));
  }

  private trigger(name: GsRtcRegistration, event: GsRtcEvent): unknown[] {
    const shown = { ...event, codeType: this.code(event.codeType) };
    return [...(this.handlers.get(name) ?? [])].map((handler) => this.invoke(() => handler(shown)));
  }

  /** The code as this page wants it: current, or the beta table's. */
  private code(code: number): number {
    return this.options.codes === 'beta' ? toBetaCode(code) : code;
  }

  /** A host's callback that throws must not break the session. */
  private invoke<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      console.error('gsRTC: a callback threw', error);
      return undefined;
    }
  }
}

/** One shared instance, as the original's `window.gsRTC`. */
export const gsRTC = new GsRTC();
