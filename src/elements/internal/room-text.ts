/**
 * Wording shared by `<gs-room>` and `<gs-video-call>` (both sit on src/room/room-client.ts and produce the same
 * codes): a failure on the status line, "Error 486: The room is full.", from the `room.code.*` entries.
 */
import type { Translator } from '../i18n/localize.js';

/** The status line's failure sentence for a room or call result code. */
export function roomFailure(translator: Translator, code: number): string {
  const key = `room.code.${code}`;
  const text = translator.has(key) ? translator.t(key) : translator.t('room.code.unknown', { code });
  return translator.t('room.failure', { code, text });
}
