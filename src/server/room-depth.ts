/** How deep a room message's `data` may nest, and its measure, kept apart from the rooms' bookkeeping. */

/** Deepest nesting of a `sendToRoom` `data` value (deeper → 400; JSON.stringify must never overflow the stack). */
export const MAX_DATA_DEPTH = 32;

/** The nesting depth of a JSON value, counted without recursion; stops counting past `limit`. */
export function depthOf(value: unknown, limit = MAX_DATA_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > deepest) deepest = d + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
  }
  return deepest;
}
