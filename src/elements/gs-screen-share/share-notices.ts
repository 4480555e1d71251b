/**
 * What `<gs-screen-share>` makes of its session's notices: the DOM events (each seed registration with its
 * kebab-case alias, `error` for 3xx–5xx, `state-change`, `audio-unavailable` / `camera-unavailable`), the answer to
 * a terminal's request (a listener's, else the confirm prompt's), and what the status line and the media notice show.
 */
import type { SessionNotice } from '../../session/session-client.js';
import type { PublicState, RequestKind } from '../../session/types.js';
import { requestRegistration, resultRegistration } from '../../session/notice-events.js';
import { Code, type Result } from '../../protocol/index.js';
import type { MediaNoticeKey } from './quality-menu.js';
import type { ConfirmPrompt } from './confirm-prompt.js';
import { eventAliases, type GsMediaUnavailableDetail, type GsRequestDetail, type GsResultDetail, type GsStateChangeDetail } from './events.js';

/** What the notices need of their element. */
export interface NoticesHost {
  /** The public state, set from each state notice. */
  state: PublicState;
  readonly shareAudio: boolean;
  readonly localStream: MediaStream | null;
  requestUpdate(): void;
}

export interface NoticesOptions {
  /** The built-in confirm prompt, asked when no listener answers the terminal's request. */
  prompt: ConfirmPrompt;
  /** Answers the terminal's pending request (the session's ANSWER_REQUEST). */
  answer: (accept: boolean) => void;
  /** A media notice's sentence in the element's language. */
  t: (key: MediaNoticeKey) => string;
  /** Fires an event on the element; returns it, for `defaultPrevented`. */
  emit: <T>(name: string, detail: T, options?: { cancelable?: boolean; bubbles?: boolean }) => { defaultPrevented: boolean };
}

export class ShareNotices {
  /** The last failure shown in the status line; `quality` is the reason of a bad quality setting (local 400). */
  lastFailure: (Result & { quality?: string }) | null = null;
  /** What asked-for media could not be had, for the media notice. */
  mediaNotices: MediaNoticeKey[] = [];

  constructor(
    private readonly host: NoticesHost,
    private readonly options: NoticesOptions,
  ) {}

  /** A failure found by the element itself (no notice comes): shown in the status line and fired as `error`. */
  fail(failure: GsResultDetail): void {
    this.lastFailure = failure;
    this.host.requestUpdate();
    this.options.emit<GsResultDetail>('error', failure, { bubbles: false });
  }

  noteUnavailable(name: 'audio-unavailable' | 'camera-unavailable', message: MediaNoticeKey): void {
    this.mediaNotices = [...this.mediaNotices.filter((m) => m !== message), message];
    this.options.emit<GsMediaUnavailableDetail>(name, { message: this.options.t(message) });
    this.host.requestUpdate();
  }

  private handleRequest(kind: RequestKind, result: Result): void {
    if (kind === 'hangup') {
      this.emitWithAlias<GsResultDetail>(requestRegistration(kind), { ...result });
      return;
    }
    let answered = false;
    const answer = (accept: boolean) => {
      if (answered) return;
      answered = true;
      this.options.prompt.close();
      this.options.answer(accept);
    };
    const event = this.emitWithAlias<GsRequestDetail>(
      requestRegistration(kind),
      { ...result, accept: () => answer(true), reject: () => answer(false) },
      { cancelable: true },
    );
    if (answered) return;
    if (event.defaultPrevented) answer(false);
    else if (kind === 'stopShareScreen') answer(true);
    else this.options.prompt.ask(answer);
  }

  /** Emits `name`, then its kebab-case alias (eventAliases); the result is prevented when either was. */
  private emitWithAlias<T>(name: string, detail: T, options: { cancelable?: boolean } = {}): { defaultPrevented: boolean } {
    const event = this.options.emit<T>(name, detail, options);
    const alias = eventAliases[name];
    const aliasEvent = alias ? this.options.emit<T>(alias, detail, options) : null;
    return { defaultPrevented: event.defaultPrevented || Boolean(aliasEvent?.defaultPrevented) };
  }

  handle(notice: SessionNotice): void {
    if (notice.type === 'request') {
      this.handleRequest(notice.kind, notice.result);
      return;
    }
    if (notice.type === 'state') {
      // The prompt only makes sense while the terminal's ask is pending.
      if (notice.state !== 'asked') this.options.prompt.close();
      this.host.state = notice.state;
      if (notice.state === 'calling') {
        this.lastFailure = null;
        this.mediaNotices = [];
      }

      this.options.emit<GsStateChangeDetail>('state-change', { state: notice.state, previous: notice.previous });
      return;
    }
    const { result } = notice;
    const op = notice.type === 'result' ? notice.op : undefined;
    const { name, failed } = resultRegistration(notice);
    if (failed) this.lastFailure = result;
    if (op === 'beginScreen' && result.code === Code.OK && this.host.shareAudio && !this.host.localStream?.getAudioTracks().length) {
      this.noteUnavailable('audio-unavailable', 'notice.audioUnavailable');
    }
    if (name) this.emitWithAlias<GsResultDetail>(name, { ...result, op });
    // Like an <img>'s `error`, ours does not bubble: a bubbling `error` would reach window's error handlers.
    if (failed) this.options.emit<GsResultDetail>('error', { ...result, op }, { bubbles: false });
  }
}
