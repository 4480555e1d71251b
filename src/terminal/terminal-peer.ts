/**
 * The terminal's peer connections: the spare made while it waits for a call, the call's own, the offers applied
 * and answered one at a time, the page's trickle candidates, and the streams the page sends. What to answer and
 * when is the chart's (src/terminal/terminal.machine.ts); this file only does the WebRTC work and reports back.
 */
import { contentsOf, midsOf, rolesOf, TRICKLE_HOLD_MS, TrickleGate, type Body, type CandidateField } from '../protocol/index.js';
import { HOST_CANDIDATES_QUIET_MS, gatheringComplete, regathered } from '../webrtc/ice-gathering.js';
import { DEFAULT_DEVICE_ANSWER, deviceCodecs, offersBaselineH264, toDeviceAnswer, withoutGroups } from '../protocol/device-answer.js';
import type { OfferRef } from './terminal.machine.js';
import type { TerminalOptions } from './terminal-options.js';

/** What the peer side tells its owner. */
export interface PeerReports {
  /** The answer to the offer `ref` is ready (device-shaped with `answer: 'device'`). */
  answered(ref: OfferRef, sdp: string): void;
  /** The offer `ref` could not be applied or answered. */
  failed(ref: OfferRef): void;
  /** Trickle ICE: a local candidate (null: gathering done) to send in updateCandidate. */
  candidate(candidate: RTCIceCandidate | null): void;
  /** A stream of the page's arrived. */
  streams(): void;
}

export class TerminalPeer {
  /** The current call's peer connection, or null. */
  connection: RTCPeerConnection | null = null;
  /** The answer SDP last sent on the wire (with `answer: 'device'` it differs from the local description), or null. */
  wireAnswer: string | null = null;
  slidesStream: MediaStream | null = null;
  mainStream: MediaStream | null = null;
  audioStream: MediaStream | null = null;
  /** The mids of the call's audio, main and slides m-lines (from the page's offer; default 0, 1, 2). */
  readonly mids: { audio?: string; main?: string; slides?: string } = { audio: '0', main: '1', slides: '2' };

  private negotiation: Promise<unknown> = Promise.resolve();
  /** The page's candidates that came before its offer was applied. */
  private early: CandidateField[] = [];
  /**
   * A peer connection made while waiting for a call, taken by the next createMediaSession: the offer is then
   * applied at once, as a device does whose stack is up (docs/performance.md "Where the call's time goes").
   * It has no transceivers and no description, so it gathers nothing.
   */
  private spare: RTCPeerConnection | null = null;
  /** Trickle ICE: each peer connection's local candidates, held until its first answer leaves. */
  private readonly gates = new WeakMap<RTCPeerConnection, TrickleGate<RTCIceCandidate>>();

  constructor(
    private readonly options: TerminalOptions,
    private readonly reports: PeerReports,
  ) {}

  /** Makes the spare peer connection, unless there is one. */
  prepareSpare(): void {
    if (!this.spare) this.spare = this.createConnection();
  }

  /** Closes the spare peer connection. */
  releaseSpare(): void {
    this.spare?.close();
    this.spare = null;
  }

  /** Starts a call on the spare (or a new) peer connection and applies its first offer. */
  open(body: Body): void {
    this.connection = this.spare ?? this.createConnection();
    this.spare = null;
    this.early = [];
    this.negotiate(body, 'createMediaSession');
  }

  /** Closes the call's peer connection and forgets its streams and answer. */
  close(): void {
    this.connection?.close();
    this.connection = null;
    this.wireAnswer = null;
    this.slidesStream = this.mainStream = this.audioStream = null;
  }

  /** Applies the page's candidate in order after any negotiation under way; buffered while no offer is applied. */
  addCandidate(candidate: CandidateField): void {
    const pc = this.connection;
    if (!pc) return;
    this.negotiation = this.negotiation.then(() => {
      if (!pc.remoteDescription) this.early.push(candidate);
      else return applyCandidate(pc, candidate);
    });
  }

  /**
   * Applies the page's offer and answers it with ours, complete with candidates (one at a time, in order);
   * reports `failed` for an offer it cannot apply.
   */
  negotiate(body: Body, action: OfferRef['action'] = 'updateMediaSession'): void {
    const pc = this.connection!;
    const ref: OfferRef = { action, reqId: body.reqId, userName: body.userName };
    this.negotiation = this.negotiation.then(async () => {
      try {
        const offer = body.sdp!.data;
        this.readMids(offer);
        const asDevice = this.options.answer !== 'browser';
        if (asDevice && !offersBaselineH264(offer)) throw new Error('no H.264 Baseline in the offer');
        const ufrag = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1];
        const restart = !!pc.remoteDescription && ufrag(pc.remoteDescription.sdp) !== ufrag(offer);
        await pc.setRemoteDescription({ type: 'offer', sdp: asDevice ? withoutGroups(offer) : offer });
        if (asDevice) preferDeviceCodecs(pc);
        const buffered = this.early;
        this.early = [];
        for (const candidate of buffered) await applyCandidate(pc, candidate);
        const made = await pc.createAnswer();
        if (this.options.trickleIce) {
          // Trickle ICE: the answer leaves with the burst of host candidates that follows setLocalDescription (up
          // to TRICKLE_HOLD_MS); the gate sends after it only those it does not carry (src/protocol/trickle-gate.ts).
          await pc.setLocalDescription(made);
          await gatheringComplete(pc, TRICKLE_HOLD_MS, this.options.configuration?.iceServers?.length ? undefined : HOST_CANDIDATES_QUIET_MS);
          if (this.connection !== pc) return;
          const local = pc.localDescription!.sdp;
          this.reports.answered(ref, local);
          this.gates.get(pc)?.release(local);
          return;
        }
        // New ICE credentials in the offer (the page restarts ICE, DEVICE.md "Up to 3 ICE restarts"): the answer
        // has new ones too and waits for the candidates gathered with them.
        if (restart) await regathered(pc, () => pc.setLocalDescription(made), 3000);
        else {
          await pc.setLocalDescription(made);
          await gatheringComplete(pc, 3000);
        }
        if (this.connection !== pc) return;
        const local = pc.localDescription!.sdp;
        this.wireAnswer = asDevice ? toDeviceAnswer(local, offer, { ...DEFAULT_DEVICE_ANSWER, ...this.options.device }) : local;
        this.reports.answered(ref, this.wireAnswer);
      } catch {
        if (this.connection === pc) this.reports.failed(ref);
      }
    });
  }

  /** Which mid carries the slides (by `a=content`), the main video and the audio, in the page's offer. */
  private readMids(offer: string): void {
    const mids = midsOf(offer);
    const at = (index: number, fallback: string) => (index >= 0 ? mids[index] : fallback);
    this.mids.slides = at(contentsOf(offer).indexOf('slides'), '2');
    this.mids.main = at(contentsOf(offer).indexOf('main'), '1');
    this.mids.audio = at(rolesOf(offer).indexOf('audio'), '0');
  }

  private createConnection(): RTCPeerConnection {
    const pc = new RTCPeerConnection(this.options.configuration);
    if (this.options.trickleIce) {
      const gate = new TrickleGate<RTCIceCandidate>((c) => this.reports.candidate(c));
      this.gates.set(pc, gate);
      pc.addEventListener('icecandidate', (event) => {
        if (this.connection === pc) gate.add(event.candidate);
      });
    }
    pc.addEventListener('track', (event) => {
      const mid = event.transceiver.mid;
      if (mid === this.mids.slides) this.slidesStream = event.streams[0] ?? new MediaStream([event.track]);
      // Each medium in its own stream, so the camera and the screen can be shown and swapped apart.
      else if (mid === this.mids.main) this.mainStream = new MediaStream([event.track]);
      else if (mid === this.mids.audio) this.audioStream = new MediaStream([event.track]);
      else return;
      this.reports.streams();
    });
    return pc;
  }
}

async function applyCandidate(pc: RTCPeerConnection, candidate: CandidateField): Promise<void> {
  await pc.addIceCandidate(candidate.candidate ? candidate : undefined).catch(() => {});
}

/** Limits every transceiver of `pc` to the codecs a device answers with (deviceCodecs), where the browser can. */
function preferDeviceCodecs(pc: RTCPeerConnection): void {
  for (const transceiver of pc.getTransceivers()) {
    const kind = transceiver.receiver.track.kind as 'audio' | 'video';
    const codecs = deviceCodecs(RTCRtpReceiver.getCapabilities(kind)?.codecs ?? [], kind);
    if (codecs.length && typeof transceiver.setCodecPreferences === 'function') transceiver.setCodecPreferences(codecs);
  }
}
