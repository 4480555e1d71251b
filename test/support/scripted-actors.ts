/**
 * Test actors for the session statechart in Node: a scripted signalling channel the test answers as the
 * terminal, a peer that offers fake SDP, and a capture that hands out a fake track. Each cleanup sets a flag,
 * so tests prove that leaving a state releases what it held.
 */
import { createActor, fromCallback, SimulatedClock, type InspectionEvent } from 'xstate';
import { sessionMachine } from '../../src/session/session.machine.js';
import type { CaptureInput, PeerCommand, PeerEvent, SignalEvent, SignallingCommand, TrackLike } from '../../src/session/types.js';
import type { Frame, RequestAction } from '../../src/protocol/index.js';

export class FakeTrack implements TrackLike {
  kind = 'video';
  readyState = 'live';
  enabled = true;
  onended: (() => void) | null = null;
  stop() {
    this.readyState = 'ended';
  }
  /** The browser's own "Stop sharing": the track ends and says so. */
  endByBrowser() {
    this.readyState = 'ended';
    this.onended?.();
  }
}

export interface CaptureScript {
  /** 'grant' (default), or a code to fail with (303, 301), or 'hang' to never answer. */
  outcome: 'grant' | 'hang' | number;
}

export function createHarness(
  options: {
    requestTimeoutMs?: number;
    presentTimeoutMs?: number;
    shareRequestTimeoutMs?: number;
    iceRestartTimeoutMs?: number;
    iceDisconnectedGraceMs?: number;
    capture?: CaptureScript;
    /**
     * Drives the chart's timers (xstate's SimulatedClock). Default: a clock of its own that only the test moves,
     * so no request times out because a loaded machine was slow between two steps.
     */
    clock?: SimulatedClock;
    /** Passed to createActor: sees every microstep, e.g. to count the transitions taken. */
    inspect?: (event: InspectionEvent) => void;
  } = {},
) {
  const sent: Frame[] = [];
  const peerCommands: PeerCommand[] = [];
  const live = { signalling: false, peer: false, capture: false };
  const tracks: FakeTrack[] = [];
  let toSession: ((e: SignalEvent) => void) | null = null;
  let fromPeer: ((e: PeerEvent) => void) | null = null;
  let captureEnded: (() => void) | null = null;
  const captureScript: CaptureScript = options.capture ?? { outcome: 'grant' };
  const clock = options.clock ?? new SimulatedClock();

  const signalling = fromCallback<SignallingCommand, { url: string }>(({ sendBack, receive }) => {
    live.signalling = true;
    toSession = sendBack;
    receive((cmd) => sent.push(cmd.frame));
    return () => {
      live.signalling = false;
      toSession = null;
    };
  });
  const peer = fromCallback<PeerCommand, { maxBitrateKbps?: number }>(({ sendBack, receive }) => {
    live.peer = true;
    fromPeer = sendBack;
    receive((cmd) => {
      peerCommands.push(cmd);
      if (cmd.type === 'CREATE_OFFER') queueMicrotask(() => sendBack({ type: 'PEER.OFFER', sdp: 'v=0\r\n' }));
      if (cmd.type === 'APPLY_ANSWER') queueMicrotask(() => sendBack({ type: 'PEER.ANSWER_APPLIED' }));
    });
    return () => {
      live.peer = false;
      fromPeer = null;
    };
  });
  const capture = fromCallback<{ type: 'RELEASE' }, CaptureInput>(({ sendBack }) => {
    live.capture = true;
    const track = new FakeTrack();
    tracks.push(track);
    track.onended = () => sendBack({ type: 'CAPTURE.ENDED' });
    captureEnded = () => track.endByBrowser();
    const { outcome } = captureScript;
    if (outcome === 'grant') {
      queueMicrotask(() => sendBack({ type: 'CAPTURE.READY', stream: { getTracks: () => [track], getVideoTracks: () => [track] } }));
    } else if (typeof outcome === 'number') {
      queueMicrotask(() => sendBack({ type: 'CAPTURE.FAILED', code: outcome, message: '' }));
    }
    return () => {
      live.capture = false;
      track.stop();
    };
  });

  const actor = createActor(sessionMachine.provide({ actors: { signalling, peer, capture } }), {
    input: {
      requestTimeoutMs: options.requestTimeoutMs ?? 200,
      presentTimeoutMs: options.presentTimeoutMs,
      shareRequestTimeoutMs: options.shareRequestTimeoutMs,
      iceRestartTimeoutMs: options.iceRestartTimeoutMs,
      iceDisconnectedGraceMs: options.iceDisconnectedGraceMs,
      userName: 'tester',
    },
    clock,
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });
  const results: { type: string; op?: string; kind?: string; code: number }[] = [];
  actor.on('*', (e) => results.push(e as { type: string; op?: string; kind?: string; code: number }));
  actor.start();

  const flush = () => new Promise((r) => setTimeout(r, 0));

  return {
    actor,
    /** The chart's clock: timeouts happen only as the test moves it. */
    clock,
    sent,
    peerCommands,
    live,
    tracks,
    results,
    flush,
    captureScript,
    /** The terminal's side of the channel. */
    terminal: {
      open: () => toSession?.({ type: 'SIGNAL.OPEN' }),
      close: (code = 1006) => toSession?.({ type: 'SIGNAL.CLOSED', code, reason: '' }),
      send: (frame: Frame) => toSession?.({ type: 'SIGNAL.FRAME', frame }),
      /** Replies to the last request of `action` that the page sent. */
      reply(action: RequestAction, rspCode = 200, extra: Partial<Frame['body']> = {}) {
        const req = [...sent].reverse().find((f) => f.action === action);
        if (!req) throw new Error(`no ${action} was sent`);
        const body = { reqId: req.body.reqId, rspInfo: { rspCode, rspMsg: rspCode === 200 ? 'OK' : 'nope' }, ...extra };
        if ((action === 'createMediaSession' || action === 'updateMediaSession') && rspCode === 200 && !body.sdp) {
          body.sdp = { length: 5, data: 'v=0\r\n' };
        }
        toSession?.({ type: 'SIGNAL.FRAME', frame: { action: `${action}Ret`, body } as Frame });
      },
    },
    endCaptureByBrowser: () => captureEnded?.(),
    /** The peer connection's connectionState changes (PEER.STATE), as RTCPeerConnection reports it. */
    peerState: (state: string) => fromPeer?.({ type: 'PEER.STATE', state }),
    /** Drives the session from idle to connected. */
    async connect() {
      actor.send({ type: 'CALL', url: 'ws://localhost:1/terminals/t1' });
      await flush();
      this.terminal.open();
      await flush();
      this.terminal.reply('createMediaSession');
      await flush();
    },
    /** Drives the session from connected to presenting.live. */
    async present() {
      actor.send({ type: 'BEGIN_SCREEN' });
      await flush();
      this.terminal.reply('ctrlPresentation');
      await flush();
      this.terminal.reply('updateMediaSession');
      await flush();
    },
  };
}
