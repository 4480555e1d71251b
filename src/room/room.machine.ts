/**
 * The statechart of one member's stay in a room (docs/server.md "Rooms", gs-room-json). Pure: it imports only
 * xstate and the pure protocol; the socket, the join and leave requests and every link are actors and actions the
 * host supplies (src/room/room-client.ts, or a test through `roomMachine.provide(...)`). Public states:
 *
 * - `idle` — not in a room (also after leaving: `result` 200 `left`);
 * - `joining` — the signalling opens (`session.joining.opening`), then joinRoom waits for its reply
 *   (`requesting`, at most `requestTimeout` ms: 408); a join into a room fuller than the page's capacity
 *   leaves again (`refusing`) and ends `full`;
 * - `joined` — members come and go (MEMBER.JOINED / MEMBER.LEFT), chat lines and peer data arrive (PEER.DATA);
 * - `leaving` — leaveRoom, waiting at most `leaveWait` ms for its reply;
 * - `full` — the room had no place (486: the server's limit or the page's capacity);
 * - `failed` — the join was refused (its code), the signalling could not open (300 bad address, 302) or was
 *   lost (302), or the host failed the room (FAIL, e.g. its media server was lost).
 *
 * Leaving `session` (joining, joined, leaving) runs `closeAll`: every link, track and the signalling closed.
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import { Code, type Result } from '../protocol/index.js';
import { membersOf } from '../protocol/room-codec.js';
import { MAX_CHAT_TEXT, type PeerData, type RoomMember } from './messages.js';

/** The room's public states. `full`: the room had no place (486) and we are not joined. */
export type RoomState = 'idle' | 'joining' | 'joined' | 'full' | 'leaving' | 'failed';

/** Default members per room for a mesh (the element's `capacity`). */
export const DEFAULT_MESH_CAPACITY = 4;
/** Longest wait for a server reply, in ms. */
export const ROOM_REQUEST_TIMEOUT_MS = 10_000;
/** Longest wait for leaveRoom's reply before the room counts as left, in ms. */
export const LEAVE_WAIT_MS = 2_000;

/** One chat line. `text` is plain text: views must render it as text, never as HTML. */
export interface ChatMessage {
  from: string;
  displayName: string;
  text: string;
  /** Sender's clock, ms since the epoch. */
  sentAt: number;
  self: boolean;
}

/** What the client tells its host. */
export type RoomNotice =
  | { type: 'state'; state: RoomState; previous: RoomState; result?: Result }
  | { type: 'members' }
  | { type: 'member-joined'; member: RoomMember }
  | { type: 'member-left'; member: RoomMember; reason: string }
  | { type: 'chat'; message: ChatMessage }
  | { type: 'media' }
  | { type: 'call'; from: string; action: string; callId: string }
  | { type: 'link'; memberId: string; state: string }
  | { type: 'recording'; recording: boolean };

/** joinRoomRet as the join actor resolves it, with the page's capacity at the moment the reply came. */
export interface JoinReply {
  code: number;
  message: string;
  body: Record<string, unknown>;
  /** Most members this page accepts now. */
  capacity: number;
}

export interface RoomContext {
  room: string;
  displayName: string;
  selfId: string;
  /** The other members, in join order. */
  members: RoomMember[];
  chat: ChatMessage[];
  /** Capacity the server reported at join (0: none). */
  serverCapacity: number;
  /** Why the room is in its state: the result the `state` notice carries. */
  result: Result | undefined;
  requestTimeoutMs: number;
}

export type RoomEvent =
  | { type: 'JOIN'; room: string; displayName: string }
  | { type: 'LEAVE' }
  | { type: 'FAIL'; result: Result }
  | { type: 'SEND_CHAT'; text: string; sentAt: number }
  | { type: 'SIGNALLING.OPEN' }
  | { type: 'SIGNALLING.REFUSED'; message: string }
  | { type: 'SIGNALLING.UNREACHABLE'; message: string }
  | { type: 'SIGNALLING.CLOSED'; code: number; reason: string }
  | { type: 'MEMBER.JOINED'; member: RoomMember }
  | { type: 'MEMBER.LEFT'; member: RoomMember; reason: string }
  | { type: 'PEER.DATA'; from: string; data: PeerData }
  | { type: 'RECORDING'; recording: boolean };

function missing(name: string) {
  return () => {
    throw new Error(`room actor "${name}" was not provided; use RoomClient or roomMachine.provide()`);
  };
}

const reply = (event: unknown) => (event as { output: JoinReply }).output;
const joinedMembers = (r: JoinReply) => membersOf(r.body);
const selfOf = (r: JoinReply) => (typeof r.body.memberId === 'string' ? r.body.memberId : '');
const known = (context: RoomContext, id: string) => context.members.some((m) => m.memberId === id);
const closedResult = (event: RoomEvent): Result => {
  const e = event as { code: number; reason: string };
  return { code: Code.SOCKET_CLOSED, message: `signalling closed (${e.code}${e.reason ? ` ${e.reason}` : ''})` };
};
const LEFT: Result = { code: Code.OK, message: 'left' };
const announce = (state: RoomState) => ({ type: 'announce', params: ({ context }: { context: RoomContext }) => ({ state, result: context.result }) }) as const;

export const roomMachine = setup({
  types: {
    context: {} as RoomContext,
    events: {} as RoomEvent,
    input: {} as { requestTimeoutMs?: number } | undefined,
  },
  actors: {
    /** The signalling of room `room`: sends back SIGNALLING.* and the server's MEMBER.* / PEER.DATA / RECORDING. */
    signalling: fromCallback<{ type: 'NONE' }, { room: string }>(missing('signalling')),
    /** joinRoom as `displayName`; resolves its reply. */
    joinRoom: fromPromise<JoinReply, { displayName: string }>(missing('joinRoom')),
    /** leaveRoom; resolves once answered (or not: the chart also stops waiting). */
    leaveRoom: fromPromise<unknown, { timeoutMs: number }>(missing('leaveRoom')),
  },
  actions: {
    /** Start a join of `room` as `displayName`. */
    startJoin: assign(({ event }) => {
      const e = event as { room: string; displayName: string };
      return { room: e.room, displayName: e.displayName, selfId: '', members: [], result: undefined };
    }),
    /** Why the room is in the state it enters. */
    setResult: assign((_, params: { result: Result | undefined }) => ({ result: params.result })),
    /** The public state changed (host-provided: the `state` notice). */
    announce: (_, _params: { state: RoomState; result: Result | undefined }) => {},
    /** Tell the host (host-provided). */
    notify: (_, _params: RoomNotice) => {},
    /** Open the links to these members (mesh), as member `selfId` (host-provided). */
    linkMembers: (_, _params: { members: RoomMember[]; selfId: string }) => {},
    /** Tell a newcomer which of our streams is which (host-provided). */
    greetMember: (_, _params: { memberId: string }) => {},
    /** Close the link to a member who left (host-provided). */
    unlinkMember: (_, _params: { memberId: string }) => {},
    /** Negotiation, media ids and call signals from a member (host-provided). */
    peerData: (_, _params: { from: string; data: PeerData }) => {},
    /** Send data to everyone (host-provided). */
    broadcast: (_, _params: { data: PeerData }) => {},
    /** The room's recording started or stopped (host-provided). */
    recordingChanged: (_, _params: { recording: boolean }) => {},
    /** Close every link, track and the signalling (host-provided). */
    closeAll: () => {},
  },
  guards: {
    roomBusy: ({ event }) => reply(event).code === Code.BUSY,
    refused: ({ event }) => reply(event).code !== Code.OK,
    overCapacity: ({ event }) => joinedMembers(reply(event)).length > reply(event).capacity,
    newMember: ({ context, event }) => event.type === 'MEMBER.JOINED' && event.member.memberId !== context.selfId && !known(context, event.member.memberId),
    knownMember: ({ context, event }) => event.type === 'MEMBER.LEFT' && known(context, event.member.memberId),
    chatFromMember: ({ context, event }) => event.type === 'PEER.DATA' && event.data.type === 'chat' && known(context, event.from),
    dataFromMember: ({ context, event }) => event.type === 'PEER.DATA' && known(context, event.from),
    chatText: ({ event }) => event.type === 'SEND_CHAT' && event.text.trim() !== '' && event.text.length <= MAX_CHAT_TEXT,
  },
  delays: {
    requestTimeout: ({ context }) => context.requestTimeoutMs,
    leaveWait: LEAVE_WAIT_MS,
  },
}).createMachine({
  id: 'room',
  context: ({ input }) => ({
    room: '',
    displayName: '',
    selfId: '',
    members: [],
    chat: [],
    serverCapacity: 0,
    result: undefined,
    requestTimeoutMs: input?.requestTimeoutMs ?? ROOM_REQUEST_TIMEOUT_MS,
  }),
  initial: 'idle',
  // Outside a session there is nothing of ours on the wire, but a host's failure still closes what it opened.
  on: { FAIL: { target: '.failed', actions: ['closeAll', { type: 'setResult', params: ({ event }) => ({ result: event.result }) }] } },
  states: {
    idle: {
      entry: announce('idle'),
      on: {
        JOIN: { target: 'session', actions: 'startJoin' },
        LEAVE: { actions: 'closeAll' },
      },
    },
    full: {
      entry: announce('full'),
      on: { JOIN: { target: 'session', actions: 'startJoin' }, LEAVE: { target: 'idle', actions: ['closeAll', { type: 'setResult', params: { result: undefined } }] } },
    },
    failed: {
      entry: announce('failed'),
      on: { JOIN: { target: 'session', actions: 'startJoin' }, LEAVE: { target: 'idle', actions: ['closeAll', { type: 'setResult', params: { result: undefined } }] } },
    },
    session: {
      invoke: { id: 'signalling', src: 'signalling', input: ({ context }) => ({ room: context.room }) },
      exit: ['closeAll', assign({ selfId: '', members: [] })],
      on: { FAIL: { target: '#room.failed', actions: { type: 'setResult', params: ({ event }) => ({ result: event.result }) } } },
      initial: 'joining',
      states: {
        joining: {
          entry: announce('joining'),
          initial: 'opening',
          on: {
            LEAVE: 'leaving',
            'SIGNALLING.CLOSED': { target: '#room.failed', actions: { type: 'setResult', params: ({ event }) => ({ result: closedResult(event) }) } },
          },
          states: {
            opening: {
              on: {
                'SIGNALLING.OPEN': 'requesting',
                // Closed before it ever opened (a WebSocket refused, a host that never answered).
                'SIGNALLING.CLOSED': {
                  target: '#room.failed',
                  actions: { type: 'setResult', params: ({ event }) => ({ result: { code: Code.SOCKET_CLOSED, message: `signalling did not open: ${closedResult(event).message}` } }) },
                },
                'SIGNALLING.REFUSED': { target: '#room.failed', actions: { type: 'setResult', params: ({ event }) => ({ result: { code: Code.INVALID_ADDRESS, message: event.message } }) } },
                'SIGNALLING.UNREACHABLE': { target: '#room.failed', actions: { type: 'setResult', params: ({ event }) => ({ result: { code: Code.SOCKET_CLOSED, message: `signalling did not open: ${event.message}` } }) } },
              },
            },
            requesting: {
              invoke: {
                src: 'joinRoom',
                input: ({ context }) => ({ displayName: context.displayName }),
                onDone: [
                  { guard: 'roomBusy', target: '#room.full', actions: assign({ result: ({ event }) => ({ code: Code.BUSY, message: event.output.message || 'room full' }) }) },
                  { guard: 'refused', target: '#room.failed', actions: { type: 'setResult', params: ({ event }) => ({ result: { code: event.output.code, message: event.output.message } }) } },
                  {
                    guard: 'overCapacity',
                    target: 'refusing',
                    actions: assign(({ event }) => ({ result: { code: Code.BUSY, message: `room full (${event.output.capacity} members)` }, serverCapacity: Number(event.output.body.capacity) || 0 })),
                  },
                  {
                    target: '#room.session.joined',
                    actions: [
                      assign(({ event }) => ({
                        selfId: selfOf(event.output),
                        members: joinedMembers(event.output).filter((m) => m.memberId !== selfOf(event.output)),
                        serverCapacity: Number(event.output.body.capacity) || 0,
                        result: { code: Code.OK, message: 'joined' },
                      })),
                      { type: 'linkMembers', params: ({ event }) => ({ members: joinedMembers(event.output).filter((m) => m.memberId !== selfOf(event.output)), selfId: selfOf(event.output) }) },
                    ],
                  },
                ],
              },
              after: {
                requestTimeout: {
                  target: '#room.failed',
                  actions: { type: 'setResult', params: ({ context }) => ({ result: { code: Code.TIMEOUT, message: `no joinRoomRet in ${context.requestTimeoutMs} ms` } }) },
                },
              },
            },
            // The room is fuller than this page accepts: leave again, then say it was full.
            refusing: {
              invoke: { src: 'leaveRoom', input: ({ context }) => ({ timeoutMs: context.requestTimeoutMs }), onDone: '#room.full' },
              after: { requestTimeout: '#room.full' },
            },
          },
        },
        joined: {
          entry: [announce('joined'), { type: 'notify', params: { type: 'members' } }],
          on: {
            LEAVE: 'leaving',
            'SIGNALLING.CLOSED': { target: '#room.failed', actions: { type: 'setResult', params: ({ event }) => ({ result: closedResult(event) }) } },
            'MEMBER.JOINED': {
              guard: 'newMember',
              actions: [
                assign({ members: ({ context, event }) => [...context.members, event.member] }),
                { type: 'linkMembers', params: ({ context, event }) => ({ members: [event.member], selfId: context.selfId }) },
                { type: 'greetMember', params: ({ event }) => ({ memberId: event.member.memberId }) },
                { type: 'notify', params: ({ event }) => ({ type: 'member-joined' as const, member: event.member }) },
                { type: 'notify', params: { type: 'members' } },
              ],
            },
            'MEMBER.LEFT': {
              guard: 'knownMember',
              actions: [
                { type: 'unlinkMember', params: ({ event }) => ({ memberId: event.member.memberId }) },
                assign({ members: ({ context, event }) => context.members.filter((m) => m.memberId !== event.member.memberId) }),
                { type: 'notify', params: ({ event }) => ({ type: 'member-left' as const, member: event.member, reason: event.reason }) },
                { type: 'notify', params: { type: 'members' } },
              ],
            },
            'PEER.DATA': [
              {
                guard: 'chatFromMember',
                actions: [
                  assign({ chat: ({ context, event }) => [...context.chat, chatFrom(context, event)] }),
                  { type: 'notify', params: ({ context, event }) => ({ type: 'chat' as const, message: chatFrom(context, event) }) },
                ],
              },
              { guard: 'dataFromMember', actions: { type: 'peerData', params: ({ event }) => ({ from: event.from, data: event.data }) } },
            ],
            RECORDING: { actions: { type: 'recordingChanged', params: ({ event }) => ({ recording: event.recording }) } },
            SEND_CHAT: {
              guard: 'chatText',
              actions: [
                { type: 'broadcast', params: ({ event }) => ({ data: { type: 'chat' as const, text: event.text, sentAt: event.sentAt } }) },
                assign({ chat: ({ context, event }) => [...context.chat, ownChat(context, event)] }),
                { type: 'notify', params: ({ context, event }) => ({ type: 'chat' as const, message: ownChat(context, event) }) },
              ],
            },
          },
        },
        leaving: {
          entry: [{ type: 'setResult', params: { result: undefined } }, announce('leaving')],
          invoke: { src: 'leaveRoom', input: { timeoutMs: LEAVE_WAIT_MS }, onDone: { target: '#room.idle', actions: { type: 'setResult', params: { result: LEFT } } } },
          after: { leaveWait: { target: '#room.idle', actions: { type: 'setResult', params: { result: LEFT } } } },
          // A second leave while the first waits: closed at once.
          on: { LEAVE: '#room.idle' },
        },
      },
    },
  },
});

/** A member's chat line as we keep it. */
function chatFrom(context: RoomContext, event: RoomEvent): ChatMessage {
  const e = event as { from: string; data: { text: string; sentAt: number } };
  const name = context.members.find((m) => m.memberId === e.from)?.displayName ?? '';
  return { from: e.from, displayName: name, text: e.data.text, sentAt: e.data.sentAt, self: false };
}

/** Our own chat line as we keep it. */
function ownChat(context: RoomContext, event: RoomEvent): ChatMessage {
  const e = event as { text: string; sentAt: number };
  return { from: context.selfId, displayName: context.displayName, text: e.text, sentAt: e.sentAt, self: true };
}
