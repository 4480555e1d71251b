/**
 * The room chart's signalling actor (room.machine.ts `signalling`): one room's {@link RoomTransport} opened,
 * what the server sends turned into the chart's events (MEMBER.JOINED, MEMBER.LEFT, PEER.DATA, RECORDING,
 * SIGNALLING.*), and the requests that wait for their replies (gs-room-json: a reply carries its request's reqId,
 * docs/server.md "Rooms").
 */
import { Code } from '../protocol/index.js';
import { encodeRoomRequest, type RoomRequestAction } from '../protocol/room-codec.js';
import { PendingReplies } from '../protocol/pending-replies.js';
import { parseRoomFrame, type PeerData } from './messages.js';
import type { RoomEvent } from './room.machine.js';
import type { RoomTransport, TransportFactory } from './transport.js';

/** A server's reply to a member's request: its code, message and the rest of its body. */
export type RoomReply = { code: number; message: string; body: Record<string, unknown> };

export class RoomSignalling {
  private transport: RoomTransport | null = null;
  private readonly pending = new PendingReplies<RoomReply>();

  constructor(private readonly factory: TransportFactory) {}

  /** The actor's body: opens the transport for `room`; returns the cleanup that closes it. */
  open(room: string, sendBack: (event: RoomEvent) => void): () => void {
    let transport: RoomTransport;
    try {
      transport = this.factory(room);
    } catch (error) {
      sendBack({ type: 'SIGNALLING.REFUSED', message: String((error as Error).message ?? error) });
      return () => {};
    }
    this.transport = transport;
    transport.onmessage = (text) => this.receive(text, sendBack);
    transport.onclose = (code, reason) => {
      if (this.transport === transport) this.transport = null;
      sendBack({ type: 'SIGNALLING.CLOSED', code, reason });
    };
    transport.ready.then(
      () => sendBack({ type: 'SIGNALLING.OPEN' }),
      (error: unknown) => sendBack({ type: 'SIGNALLING.UNREACHABLE', message: (error as Error).message }),
    );
    return () => {
      if (this.transport === transport) this.close();
    };
  }

  /** Closes the transport (no close event follows) and settles every waiting request with 302. Safe twice. */
  close(): void {
    const t = this.transport;
    this.transport = null;
    if (t) {
      t.onclose = null;
      t.onmessage = null;
      t.close();
    }
    this.pending.settleAll({ code: Code.SOCKET_CLOSED, message: 'closed', body: {} });
  }

  /** Sends one request; resolves its reply (302 without signalling, 408 without a reply in `timeoutMs` ms). */
  request(action: RoomRequestAction, body: Record<string, unknown>, timeoutMs: number): Promise<RoomReply> {
    const transport = this.transport;
    if (!transport) return Promise.resolve({ code: Code.SOCKET_CLOSED, message: 'no signalling', body: {} });
    return this.pending.open(
      undefined,
      timeoutMs,
      () => ({ code: Code.TIMEOUT, message: `no ${action}Ret in ${timeoutMs} ms`, body: {} }),
      (reqId) => transport.send(encodeRoomRequest(action, { reqId, ...body })),
    );
  }

  /** Sends data to one member (`to`) or everyone; dropped without signalling. */
  send(data: PeerData, to?: string): void {
    this.transport?.send(encodeRoomRequest('sendToRoom', to ? { to, data } : { data }));
  }

  /** One frame from the server: a reply settles its request; the rest are the chart's events. */
  private receive(text: string, sendBack: (event: RoomEvent) => void): void {
    const m = parseRoomFrame(text);
    switch (m.kind) {
      case 'reply':
        this.pending.settle(m.reqId, { code: m.code, message: m.message, body: m.body });
        return;
      case 'memberJoined':
        return sendBack({ type: 'MEMBER.JOINED', member: m.member });
      case 'memberLeft':
        return sendBack({ type: 'MEMBER.LEFT', member: m.member, reason: m.reason });
      case 'roomMessage':
        return sendBack({ type: 'PEER.DATA', from: m.from, data: m.data });
      case 'recording':
        return sendBack({ type: 'RECORDING', recording: m.recording });
      default:
        return;
    }
  }
}
