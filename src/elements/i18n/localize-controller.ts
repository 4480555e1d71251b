/**
 * A Lit ReactiveController giving an element its message lookup: the language is the element's own `lang`
 * attribute, else the closest ancestor's `lang` (through shadow roots), else the document's `<html lang>`, else
 * English. The host re-renders when its own or the document's `lang` attribute changes (a MutationObserver);
 * a change on another ancestor is picked up at the next render.
 *
 * Chinese and Russian are not bundled (localize.ts): the first render in one of them shows English and starts
 * `loadTable`; the host re-renders when the table is registered (`onMessagesRegistered`, which also covers
 * tables a page registers itself). `settled` lets the host's `updateComplete` wait for that re-render, so
 * `await el.updateComplete` means "rendered in its language".
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Translator, languageOf, loadTable, needsLoading, onMessagesRegistered, stringsFor, type MessageCatalog, type MessageOverrides } from './localize.js';

/** The language tag that applies to `node`: its own or the closest ancestor's `lang`, across shadow roots. */
export function languageTagOf(node: Element): string {
  let current: Node | null = node;
  while (current) {
    if (current instanceof Element && current.hasAttribute('lang')) return current.getAttribute('lang')!;
    current = current.parentNode ?? (current instanceof ShadowRoot ? current.host : null);
  }
  return document.documentElement.lang || '';
}

export class LocalizeController<K extends string = string> implements ReactiveController {
  private observer?: MutationObserver;
  private stopListening?: () => void;
  /** The fetch of the table the last render asked for, until it settles. */
  private loading?: Promise<unknown>;
  /** Languages this controller has fetched once: a table that failed to load is not asked for at every render. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The element's own table (its messages.ts). */
    private readonly catalog: MessageCatalog<K>,
    private readonly overrides: () => MessageOverrides<K> | undefined,
  ) {
    host.addController(this);
  }

  /**
   * The lookup for the language in effect now (English under it, for every key while the element's table in that
   * language is still being fetched, and the fetch is started here).
   */
  get translator(): Translator<K> {
    const tag = languageTagOf(this.host);
    if (needsLoading(tag, this.catalog)) this.load(tag);
    return new Translator<K>(stringsFor(tag), this.overrides() ?? {}, this.catalog.en);
  }

  /** `en`, `zh`, `ru` or a language a page registered: the table in use, or on its way. */
  get language(): string {
    return languageOf(languageTagOf(this.host));
  }

  /**
   * For the host's `getUpdateComplete()`: `done` (the update's own result) once no table is being fetched, else
   * the result of `again()` (the host's next update) after the table arrived, looping while renders ask for more.
   * A table that cannot be fetched leaves English and settles all the same.
   */
  async settled(done: boolean, again: () => Promise<boolean>): Promise<boolean> {
    while (this.loading) {
      await this.loading;
      done = await again();
    }
    return done;
  }

  /** Follows `lang` on the host and on `<html>`, and tables registered for the host's language (each re-renders it). */
  hostConnected(): void {
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.stopListening = onMessagesRegistered((language) => {
      if (language === this.language) this.host.requestUpdate();
    });
  }

  /** Stops following `lang` and registrations. */
  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.stopListening?.();
    this.stopListening = undefined;
  }

  /** Fetches `tag`'s table of the element once per controller; the registration re-renders the host, `settled` waits for it. */
  private load(tag: string): void {
    const language = languageOf(tag);
    if (this.asked.has(language)) return;
    this.asked.add(language);
    const loading: Promise<unknown> = loadTable(tag, this.catalog)
      .catch((error: unknown) => console.warn(`<${this.host.localName}>: the ${language} messages could not be loaded; English is shown`, error))
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
  }
}
