// Type-level checks of the per-element event typings (`npm run typecheck`; nothing here runs): a listener on a
// `<gs-room>` gets the room's `detail`, one on a `<gs-video-call>` the call's, though both fire `state-change` and
// `error`; the names only one element fires are also known to any HTMLElement. Each `@ts-expect-error` is a
// mistake the typings must catch (an unused one fails the type check).
import type { GsRoom, GsRoomEventMap, GsRoomStateDetail } from '../../src/elements/gs-room/gs-room.js';
import type { GsCallStateDetail, GsVideoCall, GsVideoCallEventMap } from '../../src/elements/gs-video-call/gs-video-call.js';
import type { RoomState } from '../../src/room/room-client.js';
import type { CallState } from '../../src/room/call-client.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const is = <T extends true>(_: T) => _;

declare const room: GsRoom;
declare const call: GsVideoCall;
declare const anyElement: HTMLElement;

room.addEventListener('state-change', (e) => {
  is<Equal<typeof e.detail, GsRoomStateDetail>>(true);
  const state: RoomState = e.detail.state;
  const previous: RoomState = e.detail.previous;
  void [state, previous];
  // @ts-expect-error a room's state-change is not the call's: it has no peer
  void e.detail.peer;
  // @ts-expect-error nor the sharer's states
  const presenting: 'presenting' = e.detail.state;
  void presenting;
});

call.addEventListener('state-change', (e) => {
  is<Equal<typeof e.detail, GsCallStateDetail>>(true);
  const state: CallState = e.detail.state;
  void [state, e.detail.peer, e.detail.reason];
  // @ts-expect-error a call is never 'joined' (that is a room state)
  const joined: 'joined' = e.detail.state;
  void joined;
});

room.addEventListener('error', (e) => {
  const code: number = e.detail.code;
  const where: string = e.detail.room;
  void [code, where];
});
call.addEventListener('error', (e) => {
  is<Equal<typeof e.detail, { code: number; message: string }>>(true);
});

room.addEventListener('chat-message', (e) => {
  const text: string = e.detail.text;
  void text;
});
// Names unique to one element are typed on any element too (GlobalEventHandlersEventMap).
anyElement.addEventListener('chat-message', (e) => void e.detail.displayName);
anyElement.addEventListener('incoming-call', (e) => void e.detail.accept());
// The room fires no `message` event any more: on a room, `message` is only the DOM's own MessageEvent name.
room.addEventListener('message', (e) => {
  // @ts-expect-error no chat detail there
  void e.detail.text;
});
// Ordinary DOM events keep their types, and any other name still takes a plain listener.
room.addEventListener('click', (e) => void e.clientX);
call.addEventListener('some-host-event', (e) => void e.type);
room.removeEventListener('state-change', (e) => void e.detail.previous);

// Every event the manifest lists is in the element's map (scripts/check-manifest.mjs lists them).
type RoomEvents = 'joined' | 'left' | 'room-full' | 'published' | 'screen-shared' | 'screen-stopped' | 'member-joined' | 'member-left' | 'chat-message' | 'state-change' | 'recording-change' | 'error';
type CallEvents = 'incoming-call' | 'state-change' | 'call-ended' | 'joined' | 'left' | 'error';
is<Equal<keyof GsRoomEventMap, RoomEvents>>(true);
is<Equal<keyof GsVideoCallEventMap, CallEvents>>(true);
