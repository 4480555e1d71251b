/**
 * Trickle ICE: which local ICE candidates go out in updateCandidate, and when (PROTOCOL.md "updateCandidate").
 *
 * Each updateCandidate costs a request and a reply both ways, which land while both pages are busy applying the
 * offer and the answer. So the offer or answer leaves once the burst of host candidates that follows
 * setLocalDescription is in it (the side waits up to TRICKLE_HOLD_MS for it, see peer.ts gatheringComplete), and the
 * gate sends only what the other side cannot already read from that description: candidates gathered before it left
 * are held, those it carries are dropped, and the rest follow it in the order they came. After that, each candidate
 * (srflx or relay candidates from STUN/TURN, late host candidates, the end-of-candidates marker) goes at once.
 * Pure: no DOM; the caller wires `add` to the peer connection's icecandidate event and `release` to the send.
 * (docs/performance.md "Trickle ICE".)
 */
import { carriesCandidate } from './sdp.js';

/**
 * The longest an offer or answer waits, in ms, with trickle ICE, for the burst of host candidates that follows
 * setLocalDescription (the burst ends HOST_CANDIDATES_QUIET_MS after its last UDP candidate; on loopback and a
 * LAN it comes within ~10 ms). Whatever comes later is trickled.
 */
export const TRICKLE_HOLD_MS = 40;

/** What the gate needs of a candidate: its `a=candidate` line (without `a=`), as RTCIceCandidate.candidate. */
export interface GateCandidate {
  candidate: string;
}

export class TrickleGate<C extends GateCandidate> {
  /** Held until the description leaves; undefined once it has. null = end of candidates. */
  private held: (C | null)[] | undefined = [];

  /** `send` is called with each candidate to trickle, in order; null = the end-of-candidates marker. */
  constructor(private readonly send: (candidate: C | null) => void) {}

  /** True once the description has gone (release): candidates are then sent as they come. */
  get released(): boolean {
    return this.held === undefined;
  }

  /** A local candidate (null = end of candidates): held before the description leaves, else sent at once. */
  add(candidate: C | null): void {
    if (this.held) this.held.push(candidate);
    else this.send(candidate);
  }

  /**
   * The description `sdp` has been sent: sends the held candidates it does not carry, in order (the end marker
   * always), and from now on every candidate at once. A second call does nothing.
   */
  release(sdp: string): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    for (const c of held) if (c === null || !carriesCandidate(sdp, c.candidate)) this.send(c);
  }
}
