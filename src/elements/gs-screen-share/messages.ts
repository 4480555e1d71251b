/**
 * The message table of `<gs-screen-share>` and its confirm prompt, src/elements/i18n/messages.{en,zh,ru}.ts (the
 * package's `gs-screen-share/i18n/<lang>.js`, cdn/i18n/<lang>.js): English bundled, Chinese and Russian fetched on
 * demand (../i18n/localize.ts).
 */
import { defineMessages } from '../i18n/localize.js';
import { en, type Messages } from '../i18n/messages.en.js';

export type { Messages };
/** A key of this table. */
export type MessageKey = keyof Messages;

export const shareMessages = defineMessages<MessageKey>(en, {
  zh: () => import('../i18n/messages.zh.js').then((m) => m.zh),
  ru: () => import('../i18n/messages.ru.js').then((m) => m.ru),
});
