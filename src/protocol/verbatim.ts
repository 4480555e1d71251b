/**
 * Whether a received text is exactly the frame the codec decoded from it, so a relay may send the text on as it
 * came instead of re-serialising the frame (src/server/inbound.ts): no member outside the protocol's body fields
 * (PROTOCOL.md "Body fields"), nested objects (`sdp`, `rspInfo`, `candidate`) with only their own members, every
 * other value a primitive, and no key written twice (which JSON.parse hides; src/protocol/json-members.ts).
 * Pure, server-side only: the browser bundles never import it.
 */
import { BODY_FIELDS, NESTED_FIELDS, type Parsed, isPlainObject } from './codec.js';
import { countMembers } from './json-members.js';

const bodyFields = new Set(BODY_FIELDS);

/** NESTED_FIELDS as sets, for the lookups of every received frame. */
const nestedFields: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(NESTED_FIELDS).map(([field, members]) => [field, new Set<string>(members)]),
);

function isPrimitive(v: unknown): boolean {
  return typeof v !== 'object' || v === null;
}

/**
 * The number of members of a decoded body (nested ones included) when it holds only protocol fields, each
 * nested object only its own members and every other value a primitive; -1 otherwise.
 */
function protocolMembers(body: Record<string, unknown>): number {
  let members = 0;
  for (const key of Object.keys(body)) {
    if (!bodyFields.has(key)) return -1;
    members++;
    const value = body[key];
    if (isPrimitive(value)) continue;
    const allowed = nestedFields[key];
    if (!allowed || !isPlainObject(value)) return -1;
    for (const inner of Object.keys(value)) {
      if (!allowed.has(inner) || !isPrimitive(value[inner])) return -1;
      members++;
    }
  }
  return members;
}

/**
 * True when `text`, which `parseFrame` turned into `parsed`, holds exactly `parsed.frame`: every member it writes
 * is one the frame keeps, each written once. Member order, spacing and string escapes may differ from
 * `serialiseFrame`'s; the meaning may not. Cost: one walk over the decoded keys and two `indexOf` per string of
 * the text.
 */
export function isVerbatim(text: string, parsed: Extract<Parsed, { kind: 'frame' }>): boolean {
  const { decoded, frame } = parsed;
  const body = decoded[frame.action] as Record<string, unknown>;
  const bodyMembers = protocolMembers(body);
  const topMembers = frame.localLine === undefined ? 1 : 2;
  return bodyMembers >= 0 && countMembers(text) === topMembers + bodyMembers;
}
