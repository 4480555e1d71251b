/**
 * `<gs-terminal>`'s view modes, fullscreen and picture in picture: one toggle for both, with the codes the element
 * resolves (200 done; 106 nothing is shown; 405 the browser refused, with its reason in the element's language).
 */
import { Code, type Result } from '../../protocol/index.js';
import type { Translator } from '../i18n/localize.js';
import type { MessageKey } from './messages.js';

/** One view mode: the element in it now (or null), how to leave it, the element to enter it with, and how. */
export interface ViewMode<T> {
  active: Element | null;
  leave(): Promise<unknown>;
  target: T | null;
  enter(target: T): Promise<unknown>;
}

/** Leaves `mode` when an element is in it, else enters it on its target when something is `showing`. */
export async function toggleView<T>(t: Translator<MessageKey>, action: MessageKey, mode: ViewMode<T>, showing: boolean): Promise<Result> {
  try {
    if (mode.active) await mode.leave();
    else if (mode.target && showing) await mode.enter(mode.target);
    else return { code: Code.NO_STREAM, message: 'Nothing is shown' };
    return { code: Code.OK, message: 'OK' };
  } catch (error) {
    return { code: Code.NOT_SUPPORTED, message: t.t('terminal.error.view', { action: t.t(action), reason: (error as Error)?.message ?? String(error) }) };
  }
}
