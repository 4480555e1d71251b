/**
 * The screen-capture actor: getDisplayMedia once, reported as CAPTURE.READY or CAPTURE.FAILED (301 no
 * getDisplayMedia / insecure context, 303 refused or cancelled; PROTOCOL.md "Codes"), and CAPTURE.ENDED when the
 * browser's own "Stop sharing" ends the track. Its cleanup stops every track, so leaving `sharing` releases
 * the screen.
 */
import type { CallbackLogicFunction } from 'xstate';
import { Code, describeCode } from '../../protocol/index.js';
import type { CaptureEvent, CaptureInput } from '../types.js';

/** The code a getDisplayMedia rejection maps to. */
export function captureErrorCode(error: unknown): number {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotSupportedError' || name === 'TypeError' || name === 'SecurityError') return Code.SCREEN_SHARE_UNSUPPORTED;
  return Code.CAPTURE_REFUSED;
}

/** Runs the capture actor; the session's host wraps it with fromCallback, adding input of its own if it needs. */
export const runCapture: CallbackLogicFunction<{ type: 'RELEASE' }, CaptureEvent, CaptureInput> = ({ input, sendBack }) => {
  let stream: MediaStream | null = null;
  let released = false;
  const media = globalThis.navigator?.mediaDevices;
  if (!globalThis.isSecureContext || typeof media?.getDisplayMedia !== 'function') {
    queueMicrotask(() => sendBack({ type: 'CAPTURE.FAILED', code: Code.SCREEN_SHARE_UNSUPPORTED, message: describeCode(Code.SCREEN_SHARE_UNSUPPORTED) }));
    return () => {};
  }
  media.getDisplayMedia(input.constraints ?? { video: true, audio: false }).then(
    (granted) => {
      if (released) {
        granted.getTracks().forEach((t) => t.stop());
        return;
      }
      stream = granted;
      for (const track of granted.getVideoTracks()) {
        track.addEventListener('ended', () => sendBack({ type: 'CAPTURE.ENDED' }), { once: true });
      }
      sendBack({ type: 'CAPTURE.READY', stream: granted });
    },
    (error: unknown) => {
      if (released) return;
      const code = captureErrorCode(error);
      sendBack({ type: 'CAPTURE.FAILED', code, message: `${describeCode(code)}: ${(error as Error)?.message ?? error}` });
    },
  );
  return () => {
    released = true;
    stream?.getTracks().forEach((t) => t.stop());
  };
};

