/**
 * The RTCPeerConnection actor. It owns one peer connection with three transceivers in the terminal's fixed
 * order (PROTOCOL.md "SDP conventions"; original dist/all.md §3.1): audio (recvonly; sendrecv once the share
 * brings tab / system audio), main video (recvonly; sendrecv with the opt-in camera from the first offer) and
 * slides video (inactive until a screen track is attached, then sendonly, tuned by the quality plan:
 * src/session/quality.ts, ./media-tuning.ts). Offers are sent complete (ICE gathered, as the original did; with
 * trickle ICE, with the burst of host candidates, at most TRICKLE_HOLD_MS) and rewritten for the wire by `toWireSdp` (mids 0/1/2,
 * a=content, b=AS/b=TIAS); answers are restored by `fromWireSdp`. Commands run one at a time, in order. Its
 * cleanup stops the camera and closes the connection.
 */
import type { CallbackLogicFunction } from 'xstate';
import { HOST_CANDIDATES_QUIET_MS, gatheringComplete, regathered } from '../../webrtc/ice-gathering.js';
import {
  TRICKLE_HOLD_MS,
  TrickleGate,
  deviceCodecOrder,
  fromWireSdp,
  toWireSdp,
  withStartBitrate,
  type CandidateField,
  type DeviceCapability,
  type MidMap,
} from '../../protocol/index.js';
import type { PeerCommand, PeerEvent } from '../types.js';
import { capByDevice, type QualityPlan } from '../quality.js';
import { startCamera, tuneSlides } from './media-tuning.js';
import { loadAnswerRepair } from './answer-repair-loader.js';

/** Input of the peer actor. */
export interface PeerInput {
  /** Maximum video bitrate in kbps: b=AS/b=TIAS in the offer and the slides sender's `maxBitrate`. */
  maxBitrateKbps?: number;
  /**
   * Trickle ICE: the offer on CREATE_OFFER once the burst of host candidates is in it (at most TRICKLE_HOLD_MS), the
   * candidates it does not carry after it as PEER.CANDIDATE (default false: complete SDP).
   */
  trickleIce?: boolean;
  /** RTCPeerConnection configuration (ICE servers, bundle policy…). */
  configuration?: RTCConfiguration;
  /** Longest wait for ICE gathering before an offer goes out anyway, in ms (default 3000). */
  iceGatheringTimeoutMs?: number;
  /** Hands the peer connection to the host (stats, tests): right after it is made, and null once it is closed. */
  onConnection?: (connection: RTCPeerConnection | null) => void;
  /**
   * Share quality (src/session/quality.ts): the slides track's contentHint and the slides sender's encoding
   * (maxBitrate, maxFramerate, scaleResolutionDownBy, degradationPreference). Undefined = the browser's defaults.
   */
  quality?: QualityPlan;
  /** Send a camera (getUserMedia) on the main m-line (wire mid 1, a=content:main) from the first offer. */
  camera?: boolean;
  /**
   * Hands the host a function that applies a new quality plan to the live share without renegotiation
   * (applyConstraints on the screen track, setParameters on the slides sender); called once, at start.
   */
  onTuner?: (tune: (plan: QualityPlan) => Promise<void>) => void;
  /** Told when an opt-in medium could not be had: `camera` (getUserMedia failed; the call goes on without it). */
  onUnavailable?: (what: 'camera', reason: string) => void;
  /**
   * The device path (default true; DEVICE.md): H.264 Constrained Baseline first in the video m-lines' codecs (VP8
   * next), `bundlePolicy: 'max-compat'` whatever the configuration says (one transport per m-line, which a device
   * answering without BUNDLE needs), and the original's directions (slides recvonly before the share, sendrecv
   * while it is sent). False: the browser's codec order, the configuration's bundle policy, slides inactive then
   * sendonly (a browser terminal only).
   */
  device?: boolean;
  /** Told once per call the device's capability read from its first answer (level, size, `a=framerate`). */
  onDeviceCapability?: (cap: DeviceCapability) => void;
}

/** Sets `maxBitrate` (bps) and `active` on every encoding of a sender, where the browser allows. */
async function tuneSender(sender: RTCRtpSender, changes: { maxBitrateKbps?: number; active?: boolean }): Promise<void> {
  const parameters = sender.getParameters();
  if (!parameters.encodings || parameters.encodings.length === 0) return;
  for (const encoding of parameters.encodings) {
    if (changes.maxBitrateKbps !== undefined) encoding.maxBitrate = Math.round(changes.maxBitrateKbps * 1000);
    if (changes.active !== undefined) encoding.active = changes.active;
  }
  await sender.setParameters(parameters);
}

/**
 * The encoder's start bitrate, in kbps, for a share with `plan` (or only a maximum bitrate): the plan's maximum,
 * capped at START_BITRATE_CAP_KBPS; undefined (the browser's 300 kbps) when neither is known.
 */
export function startBitrateKbps(plan: QualityPlan | undefined, maxBitrateKbps: number | undefined): number | undefined {
  const max = plan?.kbps ?? maxBitrateKbps;
  return max === undefined ? undefined : Math.min(max, START_BITRATE_CAP_KBPS);
}

/** Highest start bitrate the page asks for, in kbps (see {@link startBitrateKbps}). */
export const START_BITRATE_CAP_KBPS = 2500;

/**
 * Puts H.264 Constrained Baseline first on video transceivers ({@link deviceCodecOrder}); a browser without
 * setCodecPreferences or H.264 keeps its own order.
 */
function preferDeviceCodecs(transceivers: RTCRtpTransceiver[]): void {
  const codecs = globalThis.RTCRtpReceiver?.getCapabilities?.('video')?.codecs;
  if (!codecs) return;
  const ordered = deviceCodecOrder(codecs);
  for (const t of transceivers) {
    try {
      t.setCodecPreferences(ordered);
    } catch {
      // Keep the browser's order.
    }
  }
}

/** Runs the peer actor; the session's host wraps it with fromCallback, adding input of its own if it needs. */
export const runPeer: CallbackLogicFunction<PeerCommand, PeerEvent, PeerInput> = ({ input, sendBack, receive }) => {
  const device = input.device ?? true;
  // A device answers without BUNDLE (or with a group per m-line, which the answer repair drops): under max-bundle
  // Chromium has no transport for the other m-lines and rejects such an answer (DEVICE.md "Measured").
  const pc = new RTCPeerConnection(device ? { ...input.configuration, bundlePolicy: 'max-compat' } : input.configuration);
  const audio = pc.addTransceiver('audio', { direction: 'recvonly' });
  const main = pc.addTransceiver('video', { direction: 'recvonly' });
  // The original offers slides recvonly, then sendrecv (gsrtc_sdp.js:679-697): a device may answer sendonly to the
  // first and sendrecv to the update, both illegal against inactive / sendonly.
  const slides = pc.addTransceiver('video', { direction: device ? 'recvonly' : 'inactive' });
  if (device) preferDeviceCodecs([main, slides]);
  /** The device's capability from its first answer; it caps every plan after it. */
  let cap: DeviceCapability | undefined;
  let answered = false;
  /** The last offer sent, in wire form: the answer is repaired against it. */
  let wireOffer = '';
  /** The answer repair, fetched while the call starts (answer-repair-loader.ts); a failed load fails APPLY_ANSWER. */
  const repair = loadAnswerRepair();
  repair.catch(() => {});
  let plan = input.quality;
  let camera: MediaStreamTrack | null = null;
  /** The camera, asked for once before the first offer. */
  let cameraAsked = false;
  let mids: MidMap = {};
  let closed = false;
  /** Remote candidates that came before the remote description (PROTOCOL.md "updateCandidate"). */
  let early: CandidateField[] = [];
  const toLocal = (c: CandidateField): RTCIceCandidateInit => ({
    candidate: c.candidate,
    sdpMid: c.sdpMid != null ? (mids[c.sdpMid] ?? c.sdpMid) : c.sdpMid,
    sdpMLineIndex: c.sdpMLineIndex,
  });
  const applyCandidate = async (c: CandidateField) => {
    // An end-of-candidates marker or a candidate the browser rejects must not fail the call.
    await pc.addIceCandidate(c.candidate ? toLocal(c) : undefined).catch(() => {});
  };
  input.onConnection?.(pc);
  // The first offer is made at once, while the WebSocket opens, and its candidates gathered meanwhile; CREATE_OFFER
  // then only waits for what is left (docs/performance.md "Where the call's time goes"). Not with a camera, which
  // changes the offer.
  let firstOffer: Promise<unknown> | null = input.camera ? null : pc.createOffer().then((offer) => pc.setLocalDescription(offer));
  firstOffer?.catch(() => {});
  // With no STUN/TURN server, host candidates are all there is: no need to wait for Chromium's TCP candidates.
  const quietMs = input.configuration?.iceServers?.length ? undefined : HOST_CANDIDATES_QUIET_MS;
  const trickle = (local: RTCIceCandidate | null) => {
    const wireMid = local?.sdpMid != null ? Object.keys(mids).find((w) => mids[w] === local.sdpMid) ?? local.sdpMid : null;
    sendBack({
      type: 'PEER.CANDIDATE',
      candidate: local ? { candidate: local.candidate, sdpMid: wireMid, sdpMLineIndex: local.sdpMLineIndex } : { candidate: '' },
    });
  };
  /** Trickle ICE: what is gathered before the first offer leaves waits; what that offer carries is not sent. */
  const gate = input.trickleIce ? new TrickleGate<RTCIceCandidate>(trickle) : undefined;
  if (gate) {
    pc.addEventListener('icecandidate', (event) => {
      if (!closed) gate.add(event.candidate);
    });
  }
  pc.addEventListener('connectionstatechange', () => {
    if (!closed) sendBack({ type: 'PEER.STATE', state: pc.connectionState });
  });

  let queue: Promise<void> = Promise.resolve();
  const run = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => {
      if (!closed) sendBack({ type: 'PEER.ERROR', message: (error as Error)?.message ?? String(error) });
    });
  };

  receive((command) => {
    switch (command.type) {
      case 'CREATE_OFFER':
        run(async () => {
          if (input.camera && !cameraAsked) {
            cameraAsked = true;
            try {
              camera = await startCamera();
              if (closed) camera.stop();
              else {
                main.direction = 'sendrecv';
                await main.sender.replaceTrack(camera);
              }
            } catch (error) {
              input.onUnavailable?.('camera', (error as Error)?.message ?? String(error));
            }
          }
          const ready = firstOffer;
          firstOffer = null;
          const gatheringMs = input.iceGatheringTimeoutMs ?? 3000;
          if (ready) await ready;
          else if (command.iceRestart && !input.trickleIce) {
            // An ICE restart (DEVICE.md "Up to 3 ICE restarts") gathers anew: new ufrag/pwd in every m-line, and
            // new candidates (new TURN allocations) with them.
            await regathered(pc, async () => pc.setLocalDescription(await pc.createOffer({ iceRestart: true })), gatheringMs);
          } else await pc.setLocalDescription(await pc.createOffer(command.iceRestart ? { iceRestart: true } : undefined));
          // Trickle ICE too waits for the burst of host candidates, briefly: each one the offer carries is an
          // updateCandidate and its reply less while both sides are busy (src/protocol/trickle-gate.ts).
          if (!command.iceRestart) await gatheringComplete(pc, input.trickleIce ? TRICKLE_HOLD_MS : gatheringMs, quietMs);
          if (closed) return;
          const local = pc.localDescription!.sdp;
          const wire = toWireSdp(local, { maxBitrateKbps: input.maxBitrateKbps });
          mids = wire.mids;
          wireOffer = wire.sdp;
          sendBack({ type: 'PEER.OFFER', sdp: wire.sdp });
          gate?.release(local);
        });
        break;
      case 'APPLY_ANSWER':
        run(async () => {
          const { deviceCapability, repairAnswer } = await repair;
          // Only the first answer's capability counts, as in the original (gsrtc_connection.js:74).
          if (!answered) {
            answered = true;
            cap = deviceCapability(command.sdp);
            if (cap) {
              if (plan) plan = capByDevice(plan, cap);
              input.onDeviceCapability?.(cap);
            }
          }
          const answer = fromWireSdp(repairAnswer(command.sdp, wireOffer).sdp, mids);
          const kbps = startBitrateKbps(plan, input.maxBitrateKbps);
          await pc.setRemoteDescription({ type: 'answer', sdp: kbps === undefined ? answer : withStartBitrate(answer, kbps) });
          const buffered = early;
          early = [];
          for (const candidate of buffered) await applyCandidate(candidate);
          if (!closed) sendBack({ type: 'PEER.ANSWER_APPLIED' });
        });
        break;
      case 'SET_SLIDES':
        run(async () => {
          const track = command.track as MediaStreamTrack | null;
          const sound = (command.audio ?? null) as MediaStreamTrack | null;
          if (track) slides.direction = device ? 'sendrecv' : 'sendonly';
          // Tab / system audio goes on the audio m-line (wire mid 0); the updateMediaSession offer that follows
          // carries the new direction. sendrecv keeps receiving whatever the terminal sends.
          if (sound) audio.direction = 'sendrecv';
          if (sound || audio.sender.track) await audio.sender.replaceTrack(sound);
          await slides.sender.replaceTrack(track);
          if (track && plan) await tuneSlides(slides.sender, track, plan, { constrain: false });
          else if (track && input.maxBitrateKbps !== undefined) await tuneSender(slides.sender, { maxBitrateKbps: input.maxBitrateKbps });
        });
        break;
      case 'ADD_CANDIDATE':
        run(async () => {
          if (!pc.remoteDescription) early.push(command.candidate);
          else await applyCandidate(command.candidate);
        });
        break;
      case 'SET_PAUSED':
        run(async () => {
          const track = slides.sender.track;
          if (track) track.enabled = !command.paused;
          // A disabled track still sends black frames; an inactive encoding sends nothing, with no renegotiation.
          await tuneSender(slides.sender, { active: !command.paused });
        });
        break;
    }
  });

  input.onTuner?.(
    (next) =>
      new Promise<void>((resolve, reject) => {
        run(async () => {
          plan = capByDevice(next, cap);
          const track = slides.sender.track;
          try {
            if (track) await tuneSlides(slides.sender, track, next, { constrain: true });
            resolve();
          } catch (error) {
            reject(error);
          }
        });
      }),
  );

  return () => {
    closed = true;
    camera?.stop();
    pc.close();
    input.onConnection?.(null);
  };
};

