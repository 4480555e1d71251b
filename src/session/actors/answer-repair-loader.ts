/**
 * The answer repair and the reading of the device's capability (src/protocol/answer-repair.ts), loaded on demand: the peer actor starts the load when a call
 * starts, while the WebSocket opens, and awaits it before it applies the terminal's answer, so a page that never
 * calls never fetches it (cdn/chunks/gs-screen-share/answer-repair.js in the cdn build,
 * dist/protocol/answer-repair.js in the npm package). A load that fails rejects with a message that says so: the
 * actor's PEER.ERROR, so the call ends with 488 (src/session/session.setup.ts `resultOf`), never a hang.
 */
export function loadAnswerRepair(): Promise<typeof import('../../protocol/answer-repair.js')> {
  return import('../../protocol/answer-repair.js').catch((error: unknown) => {
    throw new Error(`the answer repair could not be loaded: ${(error as Error)?.message ?? error}`);
  });
}
