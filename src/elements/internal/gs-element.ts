/**
 * Base class of our elements: one `emit` helper, so every event leaves the same way (bubbles, composed,
 * cancelable when the host may veto), as Shoelace's base class does.
 */
import { LitElement } from 'lit';

export class GsElement extends LitElement {
  /** Dispatches `name` with `detail`; returns the event so callers can read `defaultPrevented`. */
  protected emit<T>(name: string, detail: T, options: { cancelable?: boolean; bubbles?: boolean } = {}): CustomEvent<T> {
    const bubbles = options.bubbles ?? true;
    const event = new CustomEvent<T>(name, { bubbles, composed: bubbles, cancelable: options.cancelable ?? false, detail });
    this.dispatchEvent(event);
    return event;
  }
}
