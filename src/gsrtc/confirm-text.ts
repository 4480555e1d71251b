/**
 * The sentence of gsRTC's confirm prompt (the browser's `confirm()` when the terminal asks to present and no handler
 * answers) in the three shipped languages. A classic script cannot load a table on demand, so the three sentences
 * are inside it, and nothing of the elements' tables.
 */
import { stringsFor } from '../elements/i18n/localize.js';

/** `gsrtc.confirm` by primary language subtag. */
const confirmTexts: Readonly<Record<string, string>> = {
  en: 'The terminal asks you to share your screen. Share it?',
  zh: '终端请求您共享屏幕。要共享吗？',
  ru: 'Терминал просит вас показать экран. Показать?',
};

/** The keys of gsRTC's strings. */
export type GsRtcMessageKey = 'gsrtc.confirm';

/**
 * The prompt's sentence for a BCP 47 tag: the page's `strings`, else a sentence registered for that language
 * (`registerMessages`, in a module build), else the shipped one of its primary subtag, else English.
 */
export function confirmText(tag: string, strings: Partial<Record<GsRtcMessageKey, string>> = {}): string {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return strings['gsrtc.confirm'] ?? stringsFor(primary)['gsrtc.confirm'] ?? confirmTexts[primary] ?? confirmTexts.en;
}
