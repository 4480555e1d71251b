/**
 * A small, DOM-free client over one running session actor: it turns host commands into promises of
 * `{ code, message }` (seed 000: every gsRTC call ends in one callback with a code) and tells listeners about
 * results, call ends and public state changes. `<gs-screen-share>` (through a Lit controller) and the gsRTC
 * facade both use it, so there is one implementation of the behaviour.
 */
import { createActor, type Actor } from 'xstate';
import { Code, type Result } from '../protocol/index.js';
import type { sessionMachine as SessionMachineValue } from './session.machine.js';
import { publicState } from './public-state.js';
import type { HostEvent, Operation, PublicState, RequestKind, SessionInput, SessionSettings } from './types.js';

type SessionMachine = typeof SessionMachineValue;

/** What a {@link SessionClient} tells its listeners. */
export type SessionNotice =
  | { type: 'result'; op: Operation; result: Result }
  | { type: 'request'; kind: RequestKind; result: Result }
  | { type: 'ended'; result: Result }
  | { type: 'state'; state: PublicState; previous: PublicState };

export class SessionClient {
  readonly actor: Actor<SessionMachine>;
  private readonly waiting = new Map<Operation, ((result: Result) => void)[]>();
  private readonly listeners = new Set<(notice: SessionNotice) => void>();
  private current: PublicState = 'idle';
  /**
   * The current call's RTCPeerConnection, set by the browser host (src/elements/internal/session-controller.ts)
   * so views sharing this client through @lit/context (the stats panel) can read getStats; null outside a call
   * and always null in Node.
   */
  connection: RTCPeerConnection | null = null;

  constructor(machine: SessionMachine, input: SessionInput = {}) {
    this.actor = createActor(machine, { input });
    this.actor.on('result', (e) => this.settle(e.op, { code: e.code, message: e.message }));
    this.actor.on('ended', (e) => {
      const result = { code: e.code, message: e.message };
      // Operations still waiting when the call ends end with the call's code.
      for (const op of [...this.waiting.keys()]) this.settleAll(op, result);
      this.notify({ type: 'ended', result });
    });
    this.actor.on('terminalRequest', (e) => this.notify({ type: 'request', kind: e.kind, result: { code: e.code, message: e.message } }));
    this.actor.subscribe((snapshot) => {
      const next = publicState(snapshot);
      if (next === this.current) return;
      const previous = this.current;
      this.current = next;
      this.notify({ type: 'state', state: next, previous });
    });
  }

  /** The public state name. */
  get state(): PublicState {
    return this.current;
  }

  start(): this {
    this.actor.start();
    return this;
  }

  /** Stops the actor: socket, peer connection and capture are released by their actors' cleanups. */
  stop(): void {
    this.actor.stop();
    for (const op of [...this.waiting.keys()]) this.settleAll(op, { code: Code.SOCKET_CLOSED, message: 'The session was stopped' });
  }

  /** Listens to results, call ends and state changes; returns the unsubscribe function. */
  listen(listener: (notice: SessionNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a host command and resolves with the result of its operation. */
  request(op: Operation, event: HostEvent): Promise<Result> {
    return new Promise((resolve) => {
      const queue = this.waiting.get(op) ?? [];
      queue.push(resolve);
      this.waiting.set(op, queue);
      this.actor.send(event);
    });
  }

  /** Answers the terminal's pending ctrlPresentation(3) or (2): true = agree (200 once done), false = 403. */
  answer(accept: boolean): void {
    this.actor.send({ type: 'ANSWER_REQUEST', accept });
  }

  /** Changes settings (request timeout, max bitrate, userName) for what comes next. */
  configure(settings: Partial<SessionSettings> & { userName?: string }): void {
    this.actor.send({ type: 'CONFIGURE', settings });
  }

  private settle(op: Operation, result: Result): void {
    const queue = this.waiting.get(op);
    const resolve = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(op);
    this.notify({ type: 'result', op, result });
    resolve?.(result);
  }

  private settleAll(op: Operation, result: Result): void {
    const queue = this.waiting.get(op) ?? [];
    this.waiting.delete(op);
    for (const resolve of queue) resolve(result);
  }

  private notify(notice: SessionNotice): void {
    for (const listener of [...this.listeners]) listener(notice);
  }
}
