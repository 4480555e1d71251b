/**
 * The message lookup, pure (no DOM), so Node tests can check the tables: pick the language from a BCP 47 tag,
 * fill `{name}` placeholders, and word a result code as "what happened" + "what to do next".
 *
 * Languages shipped: English (default and fallback), Chinese and Russian, the seeds' three languages. Each element
 * has a table of its own (its `messages.{en,zh,ru}.ts`: `<gs-screen-share>`'s is ./messages.*.ts, `<gs-room>`'s
 * ../gs-room/messages.*.ts, …), declared with `defineMessages`, so a bundle carries only the strings of the elements
 * in it. Only English is bundled with an element. Its Chinese and Russian tables are modules of their own — in the
 * library build cdn/i18n/zh.js and ru.js for `<gs-screen-share>`, cdn/i18n/<tag>.zh.js and .ru.js for the others,
 * each exporting its table (`zh`, `ru`) — fetched with a dynamic `import()` the first time an element needs one
 * (`loadTable`), as Shoelace ships its translations as modules of their own. A page that wants Chinese in its first
 * paint imports the tables with the element and registers them (`registerMessages`):
 *
 *     import { registerMessages } from './gs-screen-share.js';
 *     import { zh } from './i18n/zh.js';
 *     import { zh as statsZh } from './i18n/gs-share-stats.zh.js'; // the stats panel, with `show-stats`
 *     registerMessages('zh', zh);
 *     registerMessages('zh', statsZh);
 */

/** A message table: key → sentence, `{name}` placeholders filled at run time. */
export type MessageTable<K extends string = string> = Readonly<Record<K, string>>;

/** Strings a page registers for a language: any keys of any element's table (`registerMessages`). */
export type MessageStrings = { readonly [key: string]: string };

/** A host's own strings: any keys of its element's table, for the chosen language (they win over the shipped ones). */
export type MessageOverrides<K extends string = string> = Partial<Record<K, string>>;

/** One element's table: its English strings (bundled) and, by primary language subtag, the imports of the others. */
export interface MessageCatalog<K extends string = string> {
  readonly en: MessageTable<K>;
  readonly loaders: Readonly<Record<string, () => Promise<MessageTable<K>>>>;
}

/** The primary language subtags shipped with the project (`en` bundled; the others load on demand). */
export const shippedLanguages: readonly string[] = ['en', 'zh', 'ru'];

/** Every catalog of the elements in this bundle (`loadMessages` fetches them all). */
const catalogs = new Set<MessageCatalog>();
/** The strings registered or loaded so far, by primary language subtag, all tables merged (keys are unique). */
const registered = new Map<string, Record<string, string>>();
/** The languages each catalog has every key of, in `registered`. */
const complete = new WeakMap<MessageCatalog, Set<string>>();
/** Loads under way, by loader, so each table is fetched once. */
const loading = new Map<() => Promise<MessageTable>, Promise<unknown>>();
/** Who hears about tables registered from now on (`onMessagesRegistered`). */
const listeners = new Set<(language: string) => void>();

/** The primary language subtag of a BCP 47 tag, lower case (`zh-CN` → `zh`, `ZH_tw` → `zh`, empty → ``). */
function primaryOf(tag: string | null | undefined): string {
  return (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
}

/** Declares an element's table: `en` bundled, `loaders` the dynamic imports of its Chinese and Russian modules. */
export function defineMessages<K extends string>(en: MessageTable<K>, loaders: MessageCatalog<K>['loaders']): MessageCatalog<K> {
  const catalog: MessageCatalog<K> = { en, loaders };
  catalogs.add(catalog as MessageCatalog);
  complete.set(catalog as MessageCatalog, new Set(['en']));
  return catalog;
}

/**
 * Adds `messages` to the strings of `language` (a BCP 47 tag; its primary subtag is the key, so
 * `registerMessages('zh-CN', t)` serves every `zh-*`), each key replacing a shipped or earlier sentence, and
 * re-renders every connected element that speaks it (through `onMessagesRegistered`). `messages` holds keys of any
 * element's table (the `Messages` type each element's module exports), one table or several merged; a key no table
 * has is kept and unused. A table registered complete is not fetched any more (`loadTable`); for a key it lacks an
 * element shows English. A page calls it to have Chinese or Russian before the first render (with the tables
 * imported from i18n/zh.js, i18n/<tag>.zh.js…: see above), to add a language the project does not ship
 * (`registerMessages('de', de)`), or to reword some sentences of a shipped one.
 */
export function registerMessages(language: string, messages: MessageStrings): void {
  const primary = primaryOf(language);
  registered.set(primary, { ...registered.get(primary), ...messages });
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

/** True when the strings of `primary` hold every key of `catalog`. */
function isComplete(primary: string, catalog: MessageCatalog): boolean {
  const done = complete.get(catalog)!;
  if (done.has(primary)) return true;
  const strings = registered.get(primary);
  if (!strings || !Object.keys(catalog.en).every((key) => key in strings)) return false;
  done.add(primary);
  return true;
}

/** The strings registered for a BCP 47 tag's language (none for English until a page rewords some). */
export function stringsFor(tag: string | null | undefined): MessageStrings {
  return registered.get(primaryOf(tag)) ?? {};
}

/**
 * `catalog`'s table for a BCP 47 tag as it stands now (`zh-CN` → zh, `ru-RU` → ru), synchronously: English for
 * each key the language has no sentence for, so all English when the tag is empty, not shipped, or shipped but not
 * loaded yet (`needsLoading(tag, catalog)`; `loadTable(tag, catalog)` fetches it).
 */
export function messagesFor<K extends string>(tag: string | null | undefined, catalog: MessageCatalog<K>): MessageTable<K> {
  const strings = registered.get(primaryOf(tag));
  return strings ? { ...catalog.en, ...strings } : catalog.en;
}

/** True when `catalog` ships `tag`'s language as a module of its own that is neither registered nor loaded yet. */
export function needsLoading(tag: string | null | undefined, catalog: MessageCatalog): boolean {
  const primary = primaryOf(tag);
  return Object.hasOwn(catalog.loaders, primary) && !isComplete(primary, catalog);
}

/**
 * `catalog`'s table for a BCP 47 tag, fetching it first when needed: a shipped table not loaded yet is imported
 * (dynamic `import()` of its messages.zh.ts or messages.ru.ts; one fetch however many callers) and registered
 * under what the page registered meanwhile; an unknown language gives English at once. Rejects when the module
 * cannot be fetched (a later call tries again).
 */
export async function loadTable<K extends string>(tag: string | null | undefined, catalog: MessageCatalog<K>): Promise<MessageTable<K>> {
  const primary = primaryOf(tag);
  const load = Object.hasOwn(catalog.loaders, primary) ? (catalog.loaders[primary] as () => Promise<MessageTable>) : undefined;
  if (load && !isComplete(primary, catalog as MessageCatalog)) {
    let pending = loading.get(load);
    if (!pending) {
      pending = load()
        .then((table) => {
          // Sentences the page registered while this table was on its way win.
          registered.set(primary, { ...table, ...registered.get(primary) });
          for (const listener of listeners) listener(primary);
        })
        .finally(() => loading.delete(load));
      loading.set(load, pending);
    }
    await pending;
  }
  return messagesFor(primary, catalog);
}

/**
 * Fetches ahead of time the tables of `tag`'s language of every element in this bundle (`<gs-screen-share>` and
 * its stats panel in the cdn file), so the first render is in that language; resolves when all are registered, at
 * once for English or a language not shipped. Rejects when a module cannot be fetched.
 */
export async function loadMessages(tag: string | null | undefined): Promise<void> {
  await Promise.all([...catalogs].map((catalog) => loadTable(tag, catalog)));
}

/** The primary language subtag in use for `tag`: a shipped or registered one (`en`, `zh`, `ru`, …), else `en`. */
export function languageOf(tag: string | null | undefined): string {
  const primary = primaryOf(tag);
  return registered.has(primary) || shippedLanguages.includes(primary) ? primary : 'en';
}

/** Replaces each `{name}` in `template` with `values[name]` (left as is when there is no such value). */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A lookup over one language's strings, the element's English table under them, and the host's overrides over them. */
export class Translator<K extends string = string> {
  constructor(
    readonly messages: MessageStrings,
    readonly overrides: MessageOverrides<K> = {},
    readonly fallback: MessageStrings = {},
  ) {}

  /** True when there is a sentence for `key`. */
  has(key: string): boolean {
    return key in this.messages || key in this.fallback;
  }

  /** The message for `key`, placeholders filled. */
  t(key: K, values?: Record<string, string | number>): string {
    return fill(this.overrides[key] ?? this.messages[key] ?? this.fallback[key], values);
  }

  /** True when the table has a sentence for `code`. */
  knows(code: number): boolean {
    return this.has(`code.${code}`);
  }

  /** What happened, for a result code (PROTOCOL.md "Codes"). */
  codeText(code: number): string {
    return this.t((this.knows(code) ? `code.${code}` : 'code.unknown') as K, { code });
  }

  /** What to do next, for a result code ('' when nothing). */
  nextStep(code: number): string {
    return this.t((this.knows(code) ? `next.${code}` : 'next.unknown') as K, { code });
  }

  /** The status line's failure sentence: "Error 301: This browser cannot share the screen here. Open this page over HTTPS…". */
  failure(code: number): string {
    return this.t('failure' as K, { code, text: this.codeText(code), next: this.nextStep(code) }).trim();
  }
}
