/**
 * The message lookup, pure (no DOM), so Node tests can check the tables: pick the language from a BCP 47 tag,
 * fill `{name}` placeholders, and word a result code as "what happened" + "what to do next".
 *
 * Languages shipped: English (default and fallback), Chinese and Russian, the seeds' three languages. Only
 * English is bundled with the elements. The Chinese and Russian tables (messages.zh.ts, messages.ru.ts) are
 * modules of their own — in the library build dist/lib/i18n/zh.js and ru.js, next to the entry, each exporting
 * its table and importing nothing — fetched with a dynamic `import()` the first time an element needs one
 * (`loadMessages`), as Shoelace ships its translations as modules of their own. A page that wants Chinese in its
 * first paint imports the table with the element and registers it (`registerMessages`):
 *
 *     import { registerMessages } from './gs-screen-share.js';
 *     import { zh } from './i18n/zh.js';
 *     registerMessages('zh', zh);
 */
import { en, type MessageKey, type Messages } from './messages.en.js';

export { en, type MessageKey, type Messages };

/** The shipped tables that are not bundled: primary language subtag → the import of its module. */
const loaders: ReadonlyMap<string, () => Promise<Messages>> = new Map([
  ['zh', () => import('./messages.zh.js').then((module) => module.zh)],
  ['ru', () => import('./messages.ru.js').then((module) => module.ru)],
]);

/** The primary language subtags shipped with the project (`en` bundled; the others load on demand). */
export const shippedLanguages: readonly string[] = ['en', 'zh', 'ru'];

/** The tables available now, by primary language subtag: English, plus every one registered since. */
const registered = new Map<string, Messages>([['en', en]]);
/** Loads under way, by primary language subtag, so each table is fetched once. */
const loading = new Map<string, Promise<Messages>>();
/** Who hears about tables registered from now on (`onMessagesRegistered`). */
const listeners = new Set<(language: string) => void>();

/** A host's own strings: any keys of the table, for the chosen language (they win over the shipped ones). */
export type MessageOverrides = Partial<Messages>;

/** The primary language subtag of a BCP 47 tag, lower case (`zh-CN` → `zh`, `ZH_tw` → `zh`, empty → ``). */
function primaryOf(tag: string | null | undefined): string {
  return (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
}

/**
 * Makes `messages` the table of `language` (a BCP 47 tag; its primary subtag is the key, so `registerMessages('zh-CN', t)`
 * serves every `zh-*`), replacing a shipped or earlier one, and re-renders every connected element that speaks it
 * (through `onMessagesRegistered`). `messages` must be complete: every key of messages.en.ts (the `Messages` type).
 * `loadMessages` registers the shipped tables it fetches; a page calls it to have Chinese or Russian before the
 * first render (with the table imported from i18n/zh.js or ru.js: see above), or to add a language the project
 * does not ship (`registerMessages('de', de)`).
 */
export function registerMessages(language: string, messages: Messages): void {
  const primary = primaryOf(language);
  registered.set(primary, messages);
  for (const listener of listeners) listener(primary);
}

/**
 * Calls `listener(language)` (the primary subtag) each time a table is registered; returns the function that stops it.
 * The localize controller (./localize-controller.ts) re-renders its element with it.
 */
export function onMessagesRegistered(listener: (language: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The table for a BCP 47 tag as it stands now (`zh-CN` → zh, `ru-RU` → ru), synchronously: English when the
 * tag is empty, not shipped, or shipped but not loaded yet (`needsLoading(tag)`; `loadMessages(tag)` fetches it).
 */
export function messagesFor(tag: string | null | undefined): Messages {
  return registered.get(primaryOf(tag)) ?? en;
}

/** True when `tag`'s language is shipped as a separate module that is neither registered nor loaded yet. */
export function needsLoading(tag: string | null | undefined): boolean {
  const primary = primaryOf(tag);
  return !registered.has(primary) && loaders.has(primary);
}

/**
 * The table for a BCP 47 tag, fetching it first when needed: a shipped table not loaded yet is imported
 * (dynamic `import()` of messages.zh.ts or messages.ru.ts; one fetch however many callers) and registered; an unknown
 * language gives English at once. Rejects when the module cannot be fetched (a later call tries again).
 */
export function loadMessages(tag: string | null | undefined): Promise<Messages> {
  const primary = primaryOf(tag);
  const load = loaders.get(primary);
  if (registered.has(primary) || !load) return Promise.resolve(messagesFor(primary));
  let pending = loading.get(primary);
  if (!pending) {
    pending = load()
      .then((messages) => {
        // A table the page registered while this one was on its way wins.
        if (!registered.has(primary)) registerMessages(primary, messages);
        return registered.get(primary)!;
      })
      .finally(() => loading.delete(primary));
    loading.set(primary, pending);
  }
  return pending;
}

/** The primary language subtag in use for `tag`: a shipped or registered one (`en`, `zh`, `ru`, …), else `en`. */
export function languageOf(tag: string | null | undefined): string {
  const primary = primaryOf(tag);
  return registered.has(primary) || loaders.has(primary) ? primary : 'en';
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
