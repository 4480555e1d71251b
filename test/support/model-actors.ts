/**
 * Actors for running the session statechart in Node against a scripted terminal: the REAL signalling actor
 * (`runSignalling`) over `ws`'s WebSocket, and a peer connection and a screen capture that do nothing on their
 * own — the test makes them report (offer ready, answer applied, capture granted/refused/ended, failure) when its
 * script says so, and sees every command the chart gives them. `live` flags prove each actor is released.
 */
import { fromCallback } from 'xstate';
import { WebSocket as WsWebSocket } from 'ws';
import { runSignalling, type SignallingInput, type WebSocketConstructor } from '../../src/session/actors/signalling.js';
import type { CaptureEvent, CaptureInput, PeerCommand, PeerEvent, SignallingCommand } from '../../src/session/types.js';
import { FakeTrack } from './scripted-actors.js';

/**
 * `ws`'s WebSocket as the signalling actor needs it. The actor sets no `onerror` (a browser needs none), but a
 * `ws` socket is an EventEmitter and would throw on an unheard 'error' (e.g. a refused upgrade), so one is heard.
 */
export class NodeWebSocket extends WsWebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    this.on('error', () => {});
  }
}
export const NodeWebSocketConstructor = NodeWebSocket as unknown as WebSocketConstructor;

export interface ActorControls {
  live: { signalling: boolean; peer: boolean; capture: boolean };
  /** Every command the chart gave the peer actor, in order. */
  peerCommands: PeerCommand[];
  /** Every frame text the signalling actor sent or received (its `tap`). */
  tapped: { direction: 'in' | 'out'; text: string }[];
  /** Tracks handed out by the scripted capture. */
  tracks: FakeTrack[];
  /** Reports as the peer actor; throws when no peer actor runs. */
  peer(event: PeerEvent): void;
  /** Reports as the capture actor; throws when no capture actor runs. */
  capture(event: CaptureEvent | { type: 'READY' }): void;
}

export function createControlledActors(options: Partial<Pick<SignallingInput, 'keepaliveMs'>> = {}) {
  let toPeerParent: ((e: PeerEvent) => void) | null = null;
  let toCaptureParent: ((e: CaptureEvent) => void) | null = null;
  let currentTrack: FakeTrack | null = null;
  const controls: ActorControls = {
    live: { signalling: false, peer: false, capture: false },
    peerCommands: [],
    tapped: [],
    tracks: [],
    peer(event) {
      if (!toPeerParent) throw new Error(`${event.type}: no peer actor is running`);
      toPeerParent(event);
    },
    capture(event) {
      if (!toCaptureParent || !currentTrack) throw new Error(`${event.type}: no capture actor is running`);
      if (event.type === 'READY') {
        const track = currentTrack;
        toCaptureParent({ type: 'CAPTURE.READY', stream: { getTracks: () => [track], getVideoTracks: () => [track] } });
      } else if (event.type === 'CAPTURE.ENDED') {
        currentTrack.endByBrowser();
      } else {
        toCaptureParent(event);
      }
    },
  };

  const signalling = fromCallback<SignallingCommand, { url: string }>((args) => {
    controls.live.signalling = true;
    const cleanup = runSignalling({
      ...args,
      input: {
        ...args.input,
        WebSocket: NodeWebSocketConstructor,
        keepaliveMs: options.keepaliveMs ?? 600_000,
        tap: (direction, text) => controls.tapped.push({ direction, text }),
      },
    });
    return () => {
      controls.live.signalling = false;
      if (typeof cleanup === 'function') cleanup();
    };
  });

  const peer = fromCallback<PeerCommand, { maxBitrateKbps?: number; trickleIce?: boolean }>(({ sendBack, receive }) => {
    controls.live.peer = true;
    toPeerParent = sendBack;
    receive((command) => controls.peerCommands.push(command));
    return () => {
      controls.live.peer = false;
      toPeerParent = null;
    };
  });

  const capture = fromCallback<{ type: 'RELEASE' }, CaptureInput>(({ sendBack }) => {
    controls.live.capture = true;
    const track = new FakeTrack();
    controls.tracks.push(track);
    currentTrack = track;
    toCaptureParent = sendBack;
    track.onended = () => sendBack({ type: 'CAPTURE.ENDED' });
    return () => {
      controls.live.capture = false;
      toCaptureParent = null;
      currentTrack = null;
      track.stop();
    };
  });

  return { controls, actors: { signalling, peer, capture } };
}
