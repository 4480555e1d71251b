/**
 * Base of the elements that sit in a gs-room-json room (`<gs-room>`, `<gs-video-call>`; docs/server.md "Rooms"):
 * the properties both take (room, login name, server, signalling carrier, codecs, RTCPeerConnection
 * configuration), the room name from an invite link, the checks a join makes before it asks the server, the
 * signalling transport, and the focus that follows a keyboard user after a render.
 */
import { property, state } from 'lit/decorators.js';
import { Code, type Result } from '../../protocol/index.js';
import { roomAddress, ROOM_NAME_PATTERN } from '../../room/messages.js';
import { PostMessageTransport, WebSocketTransport, type RoomTransport } from '../../room/transport.js';
import { parseAudioCodec, parseVideoCodec, type CodecChoice } from '../../room/codecs.js';
import { LocalizedElement } from './localized-element.js';

export class RoomElement extends LocalizedElement {
  /** The room name (1-64 of `A-Za-z0-9_-`); an invite link's `?room=` fills it. */
  @property() room = '';

  /** Your login name shown to the others (1-64 characters). */
  @property({ attribute: 'user-name' }) userName = '';

  /** The signalling server's origin (http(s)://HOST:PORT); default this page's origin. */
  @property() server = '';

  /** `websocket` (default): straight to the server. `postmessage`: the parent window (or app web-view host) carries it (seed 004). */
  @property() signalling: 'websocket' | 'postmessage' = 'websocket';

  /** Preferred video codec: `vp8`, `h264` or `auto` (setCodecPreferences; seed 001 "H.264, VP8"). */
  @property({ attribute: 'video-codec' }) videoCodec = 'auto';

  /** Preferred audio codec: `opus`, `g711` (PCMU/PCMA where the browser offers them) or `auto`. */
  @property({ attribute: 'audio-codec' }) audioCodec = 'auto';

  /** RTCPeerConnection configuration (ICE servers, e.g. TURN from `/turn-credentials`). */
  @property({ attribute: false }) rtcConfiguration?: RTCConfiguration;

  /** The last result with a code ≥ 300, shown on the status line until the next join. */
  @state() protected failure: Result | null = null;

  /**
   * Where focus goes after the next render (the control a keyboard user was on was hidden or disabled): the
   * first of its comma-separated selectors that the element shows.
   */
  protected focusAfterRender: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // An invite link names the room.
    const fromLink = new URLSearchParams(location.search).get('room');
    if (!this.room && fromLink) this.room = fromLink;
  }

  /** Why a join of `room` as `userName` cannot be asked of the server (300 bad room name, 400 bad login), else null. */
  protected joinProblem(room: string, userName: string): Result | null {
    if (!ROOM_NAME_PATTERN.test(room)) return { code: Code.INVALID_ADDRESS, message: 'room name must be 1-64 of A-Z a-z 0-9 _ -' };
    if (userName.trim() === '' || userName.length > 64) return { code: Code.BAD_REQUEST, message: 'login name must be 1-64 characters' };
    return null;
  }

  /** The codecs the attributes ask for. */
  protected codecChoice(): CodecChoice {
    return { video: parseVideoCodec(this.videoCodec), audio: parseAudioCodec(this.audioCodec) };
  }

  /** The signalling of `room`: postMessage to the host, or a WebSocket to the server with `query` added. */
  protected transportFor(room: string, query: Record<string, string> = {}): RoomTransport {
    if (this.signalling === 'postmessage') return new PostMessageTransport(room);
    const address = new URL(roomAddress(this.server || location.origin, room));
    for (const [name, value] of Object.entries(query)) if (value) address.searchParams.set(name, value);
    return new WebSocketTransport(address.toString());
  }

  /** Moves the focus where {@link focusAfterRender} says, once that control is shown and enabled. */
  protected followFocusAfterRender(): void {
    if (!this.focusAfterRender) return;
    const target = this.focusAfterRender
      .split(', ')
      .map((selector) => this.renderRoot.querySelector<HTMLElement>(selector))
      .find((el) => el !== null);
    if (target && !target.closest('[hidden]') && !(target as HTMLButtonElement).disabled) {
      target.focus();
      this.focusAfterRender = null;
    }
  }
}
