/**
 * The TerminalSession options (src/terminal/terminal-options.ts) from `<gs-terminal>`'s attributes, each value out
 * of range replaced by its default: `answer` other than `browser` is `device`, an unknown `max-resolution` is
 * 1920x1080, a `max-fps` or `max-bitrate` ≤ 0 is 30 fps / 2048 kbps, a `cancel-reply-order` other than
 * `ctrlFirst` is `cancelFirst` (DEVICE.md; PROTOCOL.md "Cancel").
 */
import { isDeviceResolution } from '../../protocol/device-answer.js';
import type { TerminalOptions } from '../../terminal/terminal-options.js';

/** The element's settings a session is made from. */
export interface TerminalSettings {
  rtcConfiguration?: RTCConfiguration;
  trickleIce: boolean;
  confirmPresentation: boolean;
  cancelReplyOrder: string;
  answer: string;
  maxResolution: string;
  maxFps: number;
  maxBitrate: number;
}

export function sessionOptions(url: string, settings: TerminalSettings): TerminalOptions {
  return {
    url,
    configuration: settings.rtcConfiguration,
    trickleIce: settings.trickleIce,
    confirmPresentation: settings.confirmPresentation,
    cancelReplyOrder: settings.cancelReplyOrder === 'ctrlFirst' ? 'ctrlFirst' : 'cancelFirst',
    answer: settings.answer === 'browser' ? 'browser' : 'device',
    device: {
      maxResolution: isDeviceResolution(settings.maxResolution) ? settings.maxResolution : '1920x1080',
      framerate: settings.maxFps > 0 ? settings.maxFps : 30,
      maxBitrateKbps: settings.maxBitrate > 0 ? settings.maxBitrate : 2048,
    },
  };
}
