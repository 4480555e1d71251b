/**
 * The 1:1 video call mode (seeds 002, 004): members of a room (the "lobby") call each other one to one. The
 * call chart (call.machine.ts) decides; this class wires it to a {@link RoomClient} without mesh: `call`
 * signals travel as `sendToRoom { to }`, and only on accept does each side publish its camera and open the
 * link to the other. Ending a call, whichever way, closes that link and stops every local track.
 */
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import { Code, type Result } from '../protocol/index.js';
import { callMachine, type CallEnd } from './call.machine.js';
import { RoomClient, type RoomClientOptions, type RoomNotice } from './room-client.js';

/** Public call states; `offline` while not in the lobby room. */
export type CallState = 'offline' | 'idle' | 'outgoing' | 'incoming' | 'active';

export interface CallNotice {
  state: CallState;
  previous: CallState;
  peer: string | null;
  /** How the last call ended, when `state` became idle after a call. */
  reason: CallEnd | null;
}

export interface CallClientOptions extends Omit<RoomClientOptions, 'mesh' | 'acceptLinkFrom' | 'onNotice'> {
  ringTimeoutMs?: number;
  onRoomNotice(notice: RoomNotice): void;
  onCall(notice: CallNotice): void;
}

let calls = 0;
const newCallId = () => `${Date.now().toString(36)}-${(++calls).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class CallClient {
  readonly room: RoomClient;
  readonly actor: Actor<typeof callMachine>;
  private state: CallState = 'offline';

  constructor(private readonly options: CallClientOptions) {
    this.room = new RoomClient({
      ...options,
      mesh: false,
      acceptLinkFrom: (id) => this.isActiveWith(id),
      onNotice: (n) => this.roomNotice(n),
    });
    this.actor = createActor(
      callMachine.provide({
        actions: {
          signal: (_, p) => this.room.send({ type: 'call', action: p.action, callId: p.callId }, p.to),
          startMedia: (_, p) => void this.startMedia(p.peer, p.caller),
          stopMedia: (_, p) => {
            if (p.peer) this.room.disconnect(p.peer);
            this.room.unpublish();
          },
        },
      }),
      { input: { ringTimeoutMs: options.ringTimeoutMs } },
    );
    this.actor.subscribe((s) => this.follow(s));
    this.actor.start();
  }

  private isActiveWith(id: string): boolean {
    const s = this.actor.getSnapshot();
    return s.matches('active') && s.context.peer === id;
  }

  private async startMedia(peer: string, caller: boolean): Promise<void> {
    const callId = this.actor.getSnapshot().context.callId;
    await this.room.publish();
    const s = this.actor.getSnapshot();
    // The call may have ended while the camera opened.
    if (!s.matches('active') || s.context.callId !== callId) {
      if (!s.matches('active')) this.room.unpublish();
      return;
    }
    // The callee's link opens on the caller's offer (acceptLinkFrom); publish() added our tracks to it if it exists.
    if (caller) this.room.connect(peer);
  }

  private follow(s: SnapshotFrom<typeof callMachine>): void {
    const state: CallState = this.room.state === 'joined' ? (String(s.value) as CallState) : 'offline';
    if (state === this.state) return;
    const previous = this.state;
    this.state = state;
    this.options.onCall({ state, previous, peer: s.context.peer, reason: state === 'idle' ? s.context.lastEnd : null });
  }

  private roomNotice(n: RoomNotice): void {
    // After dispose() the room is still leaving: what it hears then is for the host only.
    if (this.actor.getSnapshot().status !== 'active') return this.options.onRoomNotice(n);
    if (n.type === 'call') this.actor.send({ type: 'REMOTE', from: n.from, action: n.action as never, callId: n.callId });
    else if (n.type === 'member-left') this.actor.send({ type: 'PEER.LEFT', memberId: n.member.memberId });
    else if (n.type === 'link' && n.state === 'failed') this.actor.send({ type: 'LINK.FAILED', memberId: n.memberId });
    else if (n.type === 'state') this.follow(this.actor.getSnapshot());
    this.options.onRoomNotice(n);
  }

  /** The call state. */
  get callState(): CallState {
    return this.state;
  }

  /** The member we are calling, ringing with, or talking to; else null. */
  get peer(): string | null {
    return this.actor.getSnapshot().context.peer;
  }

  /** How the last call ended (null before any). */
  get lastEnd(): CallEnd | null {
    return this.actor.getSnapshot().context.lastEnd;
  }

  /** Calls member `memberId`. 200 ringing there, 481 not in the lobby or no such member, 487 already in a call. */
  call(memberId: string): Result {
    if (this.room.state !== 'joined') return { code: Code.NOT_IN_CALL, message: 'not in the room' };
    if (!this.room.participants.some((p) => p.memberId === memberId)) return { code: Code.NOT_IN_CALL, message: `no member ${memberId}` };
    if (this.state !== 'idle') return { code: Code.ALREADY_IN_CALL, message: 'already in a call' };
    this.actor.send({ type: 'DIAL', to: memberId, callId: newCallId() });
    return { code: Code.OK, message: 'calling' };
  }

  /** Accepts the incoming call. 200, 481 nothing ringing. */
  accept(): Result {
    if (this.state !== 'incoming') return { code: Code.NOT_IN_CALL, message: 'no incoming call' };
    this.actor.send({ type: 'ACCEPT' });
    return { code: Code.OK, message: 'accepted' };
  }

  /** Declines the incoming call. 200, 481 nothing ringing. */
  decline(): Result {
    if (this.state !== 'incoming') return { code: Code.NOT_IN_CALL, message: 'no incoming call' };
    this.actor.send({ type: 'DECLINE' });
    return { code: Code.OK, message: 'declined' };
  }

  /** Hangs up the call, or cancels it while it still rings. 200, 481 no call. */
  hangUp(): Result {
    if (this.state === 'outgoing') this.actor.send({ type: 'CANCEL' });
    else if (this.state === 'active' || this.state === 'incoming') this.actor.send({ type: 'HANG_UP' });
    else return { code: Code.NOT_IN_CALL, message: 'no call' };
    return { code: Code.OK, message: 'hung up' };
  }

  /** Leaves the lobby (hanging up first). */
  async leave(): Promise<Result> {
    if (this.state !== 'idle' && this.state !== 'offline') this.hangUp();
    return this.room.leave();
  }

  /** Stops the chart and everything the room opened. */
  dispose(): void {
    void this.leave();
    this.actor.stop();
  }
}
