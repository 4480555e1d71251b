/**
 * The message lookup, pure (no DOM), so Node tests can check the tables: pick the language from a BCP 47 tag,
 * fill `{name}` placeholders, and word a result code as "what happened" + "what to do next".
 * Languages shipped: English (default), Chinese and Russian, the seeds' three languages.
 */
import { en, type MessageKey, type Messages } from './messages.en.js';
import { zh } from './messages.zh.js';
import { ru } from './messages.ru.js';

export { en, zh, ru, type MessageKey, type Messages };

/** The shipped tables by primary language subtag. */
export const languages: Readonly<Record<string, Messages>> = { en, zh, ru };

/** A host's own strings: any keys of the table, for the chosen language (they win over the shipped ones). */
export type MessageOverrides = Partial<Messages>;

/** The shipped table for a BCP 47 tag (`zh-CN` → zh, `ru-RU` → ru); English when the tag is empty or not shipped. */
export function messagesFor(tag: string | null | undefined): Messages {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return languages[primary] ?? en;
}

/** The primary language subtag actually used for `tag` (`en`, `zh` or `ru`). */
export function languageOf(tag: string | null | undefined): string {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary in languages ? primary : 'en';
}

/** Replaces each `{name}` in `template` with `values[name]` (left as is when there is no such value). */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A lookup over one language's table and the host's overrides. */
export class Translator {
  constructor(
    readonly messages: Messages,
    readonly overrides: MessageOverrides = {},
  ) {}

  /** The message for `key`, placeholders filled. */
  t(key: MessageKey, values?: Record<string, string | number>): string {
    return fill(this.overrides[key] ?? this.messages[key], values);
  }

  /** True when the table has a sentence for `code`. */
  knows(code: number): boolean {
    return `code.${code}` in this.messages;
  }

  /** What happened, for a result code (PROTOCOL.md "Codes"). */
  codeText(code: number): string {
    return this.knows(code) ? this.t(`code.${code}` as MessageKey) : this.t('code.unknown', { code });
  }

  /** What to do next, for a result code ('' when nothing). */
  nextStep(code: number): string {
    return this.knows(code) ? this.t(`next.${code}` as MessageKey) : this.t('next.unknown', { code });
  }

  /** The status line's failure sentence: "Error 301: This browser cannot share the screen here. Open this page over HTTPS…". */
  failure(code: number): string {
    return this.t('failure', { code, text: this.codeText(code), next: this.nextStep(code) }).trim();
  }
}
