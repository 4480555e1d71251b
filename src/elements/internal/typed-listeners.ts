/**
 * The `addEventListener` / `removeEventListener` overloads of an element whose own events are typed by `EventMap`,
 * for the interface merged with its class: a listener of one of its events gets that event's detail type.
 */
export type AddListener<Self, EventMap> = {
  <K extends keyof EventMap>(type: K, listener: (this: Self, ev: EventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  (type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
};

export type RemoveListener<Self, EventMap> = {
  <K extends keyof EventMap>(type: K, listener: (this: Self, ev: EventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  (type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
};
