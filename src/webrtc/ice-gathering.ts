/** Waiting for ICE gathering, for every side that sends complete SDP: the page's peer actor and the terminal. */

/** Quiet period after the last UDP candidate, in ms, when no ICE server is configured (see gatheringComplete). */
export const HOST_CANDIDATES_QUIET_MS = 10;

/**
 * Resolves when ICE gathering is complete, or after `timeoutMs`. With `quietMs`, also `quietMs` after the last
 * UDP candidate: on a LAN with no STUN/TURN server every useful (host UDP) candidate comes within a few ms of
 * setLocalDescription, while Chromium says `complete` only ~110 ms later, after TCP candidates (port 9, of no use
 * to a terminal). TCP candidates do not re-arm the quiet period. (docs/performance.md "Where the call's time goes".)
 */
export function gatheringComplete(pc: RTCPeerConnection, timeoutMs: number, quietMs?: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(timer);
      clearTimeout(quiet);
      pc.removeEventListener('icegatheringstatechange', check);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent) => {
      if (quietMs === undefined || !event.candidate || !/ udp /i.test(event.candidate.candidate)) return;
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
    pc.addEventListener('icecandidate', onCandidate);
    // Candidates gathered before this call are already in the local description: start the quiet period now.
    if (quietMs !== undefined && / udp /i.test(pc.localDescription?.sdp ?? '')) quiet = setTimeout(done, quietMs);
  });
}

/**
 * Runs `setLocal` (a setLocalDescription after an ICE restart) and resolves once the gathering it starts is
 * complete, or after `timeoutMs`. {@link gatheringComplete} cannot tell: right after setLocalDescription Chromium
 * still says `complete` from the last gathering, so an offer or answer would leave with no candidate at all.
 */
export async function regathered(pc: RTCPeerConnection, setLocal: () => Promise<void>, timeoutMs: number): Promise<void> {
  let done!: () => void;
  const complete = new Promise<void>((resolve) => (done = resolve));
  let gathering = false;
  const check = () => {
    if (pc.iceGatheringState === 'gathering') gathering = true;
    else if (gathering && pc.iceGatheringState === 'complete') done();
  };
  pc.addEventListener('icegatheringstatechange', check);
  const timer = setTimeout(done, timeoutMs);
  try {
    await setLocal();
    check();
    await complete;
  } finally {
    clearTimeout(timer);
    pc.removeEventListener('icegatheringstatechange', check);
  }
}
