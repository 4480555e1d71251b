/** The message table of `<gs-terminal>`: English bundled, Chinese and Russian fetched on demand (../i18n/localize.ts). */
import { defineMessages } from '../i18n/localize.js';
import { en, type Messages } from './messages.en.js';

export type { Messages };
/** A key of this table. */
export type MessageKey = keyof Messages;

export const terminalMessages = defineMessages<MessageKey>(en, { zh: () => import('./messages.zh.js').then((m) => m.zh), ru: () => import('./messages.ru.js').then((m) => m.ru) });
