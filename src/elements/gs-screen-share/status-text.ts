/** The status line's words for each public state (English; issue 7 brings the message table and languages). */
import type { PublicState } from '../../session/types.js';

export const statusText: Record<PublicState, string> = {
  idle: 'Not connected',
  calling: 'Calling the terminal…',
  connected: 'Connected',
  asked: 'The terminal asks you to share your screen',
  presenting: 'Presenting your screen',
  paused: 'Presentation paused',
  stopping: 'Stopping the presentation…',
  cancelling: 'Cancelling the presentation…',
  hangingUp: 'Hanging up…',
  failed: 'Call failed',
};
