/**
 * A Lit ReactiveController giving an element its message lookup: the language is the element's own `lang`
 * attribute, else the closest ancestor's `lang` (through shadow roots), else the document's `<html lang>`, else
 * English. The host re-renders when its own or the document's `lang` attribute changes (a MutationObserver);
 * a change on another ancestor is picked up at the next render.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Translator, languageOf, messagesFor, type MessageOverrides } from './localize.js';

/** The language tag that applies to `node`: its own or the closest ancestor's `lang`, across shadow roots. */
export function languageTagOf(node: Element): string {
  let current: Node | null = node;
  while (current) {
    if (current instanceof Element && current.hasAttribute('lang')) return current.getAttribute('lang')!;
    current = current.parentNode ?? (current instanceof ShadowRoot ? current.host : null);
  }
  return document.documentElement.lang || '';
}

export class LocalizeController implements ReactiveController {
  private observer?: MutationObserver;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly overrides: () => MessageOverrides | undefined,
  ) {
    host.addController(this);
  }

  /** The lookup for the language in effect now. */
  get translator(): Translator {
    return new Translator(messagesFor(languageTagOf(this.host)), this.overrides() ?? {});
  }

  /** `en`, `zh` or `ru`: the shipped table in use. */
  get language(): string {
    return languageOf(languageTagOf(this.host));
  }

  hostConnected(): void {
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    this.observer.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
