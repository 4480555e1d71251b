/**
 * Base of the elements whose every visible string comes from the message tables (src/elements/i18n): the
 * language of the `lang` rules (localize-controller.ts), the host's `strings` over the shipped table, and an
 * `updateComplete` that waits for a Chinese or Russian table to arrive, as `<gs-screen-share>` does.
 */
import { GsElement } from './gs-element.js';
import { LocalizeController } from '../i18n/localize-controller.js';
import type { MessageCatalog, MessageOverrides, Translator } from '../i18n/localize.js';

export class LocalizedElement extends GsElement {
  /** The element's own message table (its messages.ts); each subclass sets it. */
  protected static messages: MessageCatalog;

  /** Reads the element's own `strings` property (each element declares and documents it). */
  protected readonly localize = new LocalizeController(
    this,
    (this.constructor as typeof LocalizedElement).messages,
    () => (this as { strings?: MessageOverrides }).strings,
  );

  /** The lookup of the language in effect, with `strings`. */
  protected get translator(): Translator {
    return this.localize.translator;
  }

  /**
   * Resolves once the element has rendered in its language: after the update under way and, when its language's
   * table is being fetched, after the update its arrival makes; so `await el.updateComplete` sees the real text.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    return this.localize.settled(await super.getUpdateComplete(), () => super.getUpdateComplete());
  }
}
