/**
 * Typed `events` for @lit/react's createComponent, made from a list of DOM event names: each name `n` becomes the
 * prop `on` + PascalCase(n) (`shareScreen` → `onShareScreen`, `state-change` → `onStateChange`), typed with the
 * event the element's own event map `M` (`GsRoomEventMap`, …) declares for `n`, else HTMLElementEventMap's, so a
 * handler's `e.detail` has that element's detail type even for names several elements fire (`state-change`).
 * `error` is a CustomEvent of `{ code, message }` on our elements, not the DOM's ErrorEvent.
 */
import type { EventName } from '@lit/react';
import type { Result } from '../protocol/codes.js';

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** The React prop of DOM event `N`: `on` + its name in PascalCase. */
export type ReactEventProp<N extends string> = `on${Capitalize<Camel<N>>}`;

/** The event object a listener of `N` receives. */
export type ElementEvent<N extends string, M = object> = N extends keyof M
  ? Extract<M[N], Event>
  : N extends 'error'
  ? CustomEvent<Result>
  : N extends keyof HTMLElementEventMap
    ? HTMLElementEventMap[N]
    : CustomEvent<unknown>;

/** createComponent's `events` option for the DOM events `N`. */
export type ReactEvents<N extends string, M = object> = { [K in N as ReactEventProp<K>]: EventName<ElementEvent<K, M>> };

/** `shareScreen` → `onShareScreen`, `state-change` → `onStateChange`. */
export function reactEventProp<N extends string>(name: N): ReactEventProp<N> {
  const camel = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return `on${camel[0].toUpperCase()}${camel.slice(1)}` as ReactEventProp<N>;
}

/** The `events` option of createComponent for these DOM event names, typed from the element's event map `M`. */
export function reactEvents<M = object>() {
  return <const N extends string>(names: readonly N[]): ReactEvents<N, M> =>
    Object.fromEntries(names.map((name) => [reactEventProp(name), name])) as unknown as ReactEvents<N, M>;
}
