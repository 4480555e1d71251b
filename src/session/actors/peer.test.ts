// The peer actor with trickle ICE, in a real RTCPeerConnection: the first offer is made when the actor starts, so
// candidates may be gathered before the offer goes out (the WebSocket still opening). Those the offer carries must
// not be trickled again, those it does not carry must be, and the end of candidates comes last.
import { expect } from '@open-wc/testing';
import { carriesCandidate } from '../../protocol/index.js';
import type { PeerCommand, PeerEvent } from '../types.js';
import { runPeer, type PeerInput } from './peer.js';
import { until } from '../../../test/support/browser-terminal.js';

/** Runs the peer actor outside a chart: its events are collected, its commands sent with `send`. */
function startPeer(input: PeerInput) {
  const events: PeerEvent[] = [];
  let handler: ((command: PeerCommand) => void) | undefined;
  let pc: RTCPeerConnection | null = null;
  const stop = runPeer({
    input: { ...input, onConnection: (c: RTCPeerConnection | null) => (pc = c ?? pc) },
    sendBack: (event: PeerEvent) => events.push(event),
    receive: (listener: (command: PeerCommand) => void) => (handler = listener),
  } as unknown as Parameters<typeof runPeer>[0]) as () => void;
  return { events, send: (command: PeerCommand) => handler!(command), pc: () => pc!, stop };
}

/** The `a=candidate:` lines of an SDP. */
const candidateLines = (sdp: string) => sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:'));

const candidatesOf = (events: PeerEvent[]) =>
  events.flatMap((e) => (e.type === 'PEER.CANDIDATE' ? [e.candidate.candidate] : []));

describe('peer actor, trickle ICE', () => {
  it('an offer made after gathering carries its candidates; none is trickled again, the end marker still is', async () => {
    const peer = startPeer({ trickleIce: true });
    try {
      // The socket "opens" late: every candidate is gathered before CREATE_OFFER.
      expect(await until(() => peer.pc().iceGatheringState === 'complete', 5000)).to.equal(true);
      peer.send({ type: 'CREATE_OFFER' });
      expect(await until(() => peer.events.some((e) => e.type === 'PEER.OFFER'), 5000)).to.equal(true);
      await new Promise((r) => setTimeout(r, 50));
      const offer = peer.events.find((e) => e.type === 'PEER.OFFER') as { sdp: string };
      const offered = candidateLines(offer.sdp);
      expect(offered.some((l) => / udp /i.test(l)), 'the offer carries the UDP host candidates').to.equal(true);
      const trickled = candidatesOf(peer.events);
      // Nothing before the offer; after it, only what it lacks, ending with the end-of-candidates marker.
      expect(peer.events[0].type).to.equal('PEER.OFFER');
      expect(trickled.at(-1)).to.equal('');
      for (const c of trickled.filter((c) => c !== '')) expect(carriesCandidate(offer.sdp, c), c).to.equal(false);
    } finally {
      peer.stop();
    }
  });

  it('an offer made at once goes out first; every candidate gathered after it is trickled', async () => {
    const peer = startPeer({ trickleIce: true });
    try {
      peer.send({ type: 'CREATE_OFFER' });
      expect(await until(() => candidatesOf(peer.events).includes(''), 5000), 'end of candidates').to.equal(true);
      expect(peer.events[0].type).to.equal('PEER.OFFER');
      const offer = peer.events[0] as { sdp: string };
      const trickled = candidatesOf(peer.events).filter((c) => c !== '');
      const offered = candidateLines(offer.sdp);
      // Between them, the offer and the trickled candidates hold the UDP host candidates, none in both.
      expect([...offered, ...trickled].filter((c) => / udp /i.test(c)).length).to.be.greaterThan(0);
      for (const c of trickled) expect(carriesCandidate(offer.sdp, c), c).to.equal(false);
    } finally {
      peer.stop();
    }
  });
});
