/**
 * The session statechart with its browser actors: WebSocket signalling, RTCPeerConnection and getDisplayMedia.
 * `<gs-screen-share>` and the gsRTC facade both run this one machine.
 */
import { fromCallback } from 'xstate';
import { sessionMachine } from './session.machine.js';
import { runSignalling, type SignallingInput } from './actors/signalling.js';
import { runPeer, type PeerInput } from './actors/peer.js';
import { runCapture } from './actors/capture.js';
import type { CaptureInput, PeerCommand, SignallingCommand } from './types.js';

/** What a host can add to the browser actors. */
export interface BrowserSessionOptions {
  /** Receives each new RTCPeerConnection (stats, tests). */
  onConnection?: PeerInput['onConnection'];
  /** Receives every frame text sent ('out') and received ('in'), keep-alives excluded. */
  tap?: SignallingInput['tap'];
  /** RTCPeerConnection configuration (ICE servers, bundle policy…), or a function read when each call starts. */
  configuration?: RTCConfiguration | (() => RTCConfiguration | undefined);
  /** getDisplayMedia constraints (default `{ video: true, audio: false }`), or a function read when each capture starts. */
  captureConstraints?: CaptureInput['constraints'] | (() => CaptureInput['constraints']);
  /** Peer options read when each call starts: quality plan, camera, tuner and unavailable-medium callbacks. */
  media?: () => Pick<PeerInput, 'quality' | 'camera' | 'onTuner' | 'onUnavailable' | 'device' | 'onDeviceCapability'>;
}

/** The session machine wired to the browser's WebSocket, RTCPeerConnection and getDisplayMedia. */
export function createBrowserSessionMachine(options: BrowserSessionOptions = {}) {
  return sessionMachine.provide({
    actors: {
      signalling: fromCallback<SignallingCommand, { url: string }>((args) =>
        runSignalling({ ...args, input: { ...args.input, tap: options.tap } }),
      ),
      peer: fromCallback<PeerCommand, { maxBitrateKbps?: number; trickleIce?: boolean }>((args) =>
        runPeer({
          ...args,
          input: {
            ...args.input,
            configuration: typeof options.configuration === 'function' ? options.configuration() : options.configuration,
            onConnection: options.onConnection,
            ...options.media?.(),
          },
        }),
      ),
      capture: fromCallback<{ type: 'RELEASE' }, CaptureInput>((args) =>
        runCapture({
          ...args,
          input: {
            constraints: typeof options.captureConstraints === 'function' ? options.captureConstraints() : options.captureConstraints,
            ...args.input,
          },
        }),
      ),
    },
  });
}
