/**
 * One RTCPeerConnection to one remote member, negotiated with perfect negotiation over the room's
 * `sendToRoom { to }` (W3C WebRTC 1.0 "Perfect negotiation example"). Its liveness follows
 * peer-link.machine.ts: ICE disconnected/failed beyond the grace period ends the link (`onFailed`).
 * Local tracks are added with {@link PeerLink.addTrack}; each addition renegotiates (negotiationneeded).
 */
import { createActor, type Actor } from 'xstate';
import { describeIncoming, peerLinkMachine } from './peer-link.machine.js';
import type { PeerData } from './messages.js';
import { applyCodecPreferences, type CodecChoice } from './codecs.js';

export interface PeerLinkOptions {
  remoteId: string;
  polite: boolean;
  /** Sends negotiation data to this peer only. */
  send(data: PeerData): void;
  /** A remote track arrived, with the stream (the sender's stream id) it belongs to. */
  onTrack(track: MediaStreamTrack, stream: MediaStream): void;
  /** The link's chart changed state (connecting, connected, interrupted, failed, closed). */
  onState(state: string): void;
  configuration?: RTCConfiguration;
  codecs?: CodecChoice;
  iceGraceMs?: number;
}

export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly actor: Actor<typeof peerLinkMachine>;
  /** Offers that arrived while we had our own outstanding (perfect negotiation's collisions), since creation. */
  collisions = 0;
  private makingOffer = false;
  private ignoreOffer = false;
  /**
   * Candidates that came while there was no remote description to add them to (e.g. sent for an offer we ignored
   * or rolled back, before its replacement arrived): kept and added after the next remote description, instead of
   * being lost. Browsers keep the ICE credentials across a rollback and do not gather those candidates again.
   */
  private earlyCandidates: RTCIceCandidateInit[] = [];
  private settingRemoteAnswerPending = false;
  /**
   * The polite side never makes the link's first offer: its tracks wait here until the impolite side's first offer
   * (which always comes: the impolite side opens a data channel) and go into the answer. Two first offers at the
   * same moment would make the polite side roll back an offer that created the ICE transport, and Chromium then
   * gathers no candidates for the transport that replaces it: the link never connects.
   */
  private awaitingFirstOffer: boolean;
  private readonly pendingTracks = new Map<MediaStreamTrack, MediaStream>();
  private readonly senders = new Map<MediaStreamTrack, RTCRtpSender>();
  /** Serialises description handling, so two arriving descriptions never interleave. */
  private chain: Promise<void> = Promise.resolve();

  /** Polite side of perfect negotiation (rolls back its own offer on a collision). */
  get polite(): boolean {
    return this.options.polite;
  }

  constructor(private readonly options: PeerLinkOptions) {
    this.pc = new RTCPeerConnection(options.configuration);
    this.awaitingFirstOffer = options.polite;
    this.actor = createActor(peerLinkMachine, {
      input: { remoteId: options.remoteId, polite: options.polite, iceGraceMs: options.iceGraceMs },
    });
    this.actor.subscribe((s) => options.onState(String(s.value)));
    this.actor.start();
    this.pc.addEventListener('negotiationneeded', () => void this.offer());
    this.pc.addEventListener('icecandidate', ({ candidate }) => options.send({ type: 'candidate', candidate: candidate ? candidate.toJSON() : null }));
    this.pc.addEventListener('iceconnectionstatechange', () => this.actor.send({ type: 'ICE.STATE', state: this.pc.iceConnectionState }));
    // connectionState folds in DTLS: a peer that closed its connection shows as failed/closed here first.
    this.pc.addEventListener('connectionstatechange', () => {
      const s = this.pc.connectionState;
      if (s === 'failed' || s === 'disconnected') this.actor.send({ type: 'ICE.STATE', state: s });
    });
    this.pc.addEventListener('track', ({ track, streams }) => options.onTrack(track, streams[0] ?? new MediaStream([track])));
  }

  /** The chart's state: connecting, connected, interrupted, failed or closed. */
  get state(): string {
    return String(this.actor.getSnapshot().value);
  }

  /**
   * Sends `track` of `stream` to this peer (renegotiates). On the polite side before the first offer has come,
   * the track waits for it and goes into the answer.
   */
  addTrack(track: MediaStreamTrack, stream: MediaStream): void {
    if (this.senders.has(track) || this.pc.signalingState === 'closed') return;
    if (this.awaitingFirstOffer) {
      this.pendingTracks.set(track, stream);
      return;
    }
    const sender = this.pc.addTrack(track, stream);
    this.senders.set(track, sender);
    const transceiver = this.pc.getTransceivers().find((t) => t.sender === sender);
    if (transceiver && this.options.codecs) applyCodecPreferences(transceiver, track.kind, this.options.codecs);
  }

  /** Stops sending `track` to this peer (renegotiates; the remote track ends with mute/removal). */
  removeTrack(track: MediaStreamTrack): void {
    this.pendingTracks.delete(track);
    const sender = this.senders.get(track);
    if (!sender || this.pc.signalingState === 'closed') return;
    this.senders.delete(track);
    this.pc.removeTrack(sender);
  }

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const d = this.pc.localDescription;
      if (d && (d.type === 'offer' || d.type === 'answer')) this.options.send({ type: 'description', description: { type: d.type, sdp: d.sdp } });
    } catch (e) {
      console.warn('offer', String(e));
      // A closed connection or a collision the remote side resolves; the next negotiationneeded retries.
    } finally {
      this.makingOffer = false;
    }
  }

  /** Handles negotiation data from this peer (description or ICE candidate). */
  receive(data: PeerData): Promise<void> {
    this.chain = this.chain.then(() => this.handle(data)).catch((e) => console.warn('peer-link', data.type, String(e)));
    return this.chain;
  }

  private async handle(data: PeerData): Promise<void> {
    if (this.pc.signalingState === 'closed') return;
    if (data.type === 'description') {
      const { description } = data;
      const decision = describeIncoming(description.type, {
        polite: this.options.polite,
        makingOffer: this.makingOffer,
        signalingState: this.pc.signalingState,
        settingRemoteAnswerPending: this.settingRemoteAnswerPending,
      });
      if (decision !== 'apply') this.collisions++;
      this.ignoreOffer = decision === 'ignore';
      if (this.ignoreOffer) return;
      this.settingRemoteAnswerPending = description.type === 'answer';
      try {
        await this.pc.setRemoteDescription(description);
      } finally {
        this.settingRemoteAnswerPending = false;
      }
      const early = this.earlyCandidates;
      this.earlyCandidates = [];
      // One that belongs to no description in force (another ufrag) is refused by the browser: harmless.
      for (const candidate of early) await this.pc.addIceCandidate(candidate).catch(() => {});
      if (description.type === 'offer') {
        if (this.awaitingFirstOffer) {
          // addTrack takes the transceivers the offer made for its own tracks, so the answer sends ours on them;
          // a track with no such m-line renegotiates once the link is stable.
          this.awaitingFirstOffer = false;
          for (const [track, stream] of this.pendingTracks) this.addTrack(track, stream);
          this.pendingTracks.clear();
        }
        await this.pc.setLocalDescription();
        const d = this.pc.localDescription!;
        this.options.send({ type: 'description', description: { type: d.type as 'answer', sdp: d.sdp } });
      }
    } else if (data.type === 'candidate') {
      if (!this.pc.remoteDescription) {
        if (data.candidate) this.earlyCandidates.push(data.candidate);
        return;
      }
      try {
        await this.pc.addIceCandidate(data.candidate ?? undefined);
      } catch (error) {
        if (!this.ignoreOffer) throw error;
      }
    }
  }

  /** Closes the connection (remote tracks end) and the chart. Safe to call twice. */
  close(): void {
    this.pc.close();
    this.actor.send({ type: 'CLOSE' });
    this.actor.stop();
  }
}
