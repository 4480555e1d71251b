// The event typings of <gs-room> and <gs-video-call> against the manifest (custom-elements.json, generated from
// the @event tags): every event an element documents is in its typed map (GsRoomEventMap, GsVideoCallEventMap),
// and the names their entry files add to GlobalEventHandlersEventMap are fired by that one element only, so no
// global declaration gives a listener another element's detail. test/types/element-events.ts and room-events.ts check the types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const manifest = JSON.parse(read('custom-elements.json')) as {
  modules: { declarations?: { tagName?: string; events?: { name: string }[] }[] }[];
};
const eventsOf = new Map(
  manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName!, (d.events ?? []).map((e) => e.name).sort()]),
);

/** The keys of `interface <name> { … }` in `source`, or of `interface <name> extends Pick<Map, 'a' | 'b'> {}`. */
function interfaceKeys(source: string, name: string): string[] {
  const picked = new RegExp(`interface ${name}\\s+extends Pick<\\w+,([^>]*)>\\s*\\{\\s*\\}`).exec(source)?.[1];
  if (picked) return [...picked.matchAll(/'([\w-]+)'/g)].map((m) => m[1]).sort();
  const body = new RegExp(`interface ${name} \\{([\\s\\S]*?)\\n\\s*\\}`).exec(source)?.[1];
  assert.ok(body, `interface ${name}`);
  return [...body.matchAll(/^\s*'?([\w-]+)'?\??:/gm)].map((m) => m[1]).sort();
}

for (const [tag, file, map] of [
  ['gs-room', 'src/elements/gs-room/gs-room', 'GsRoomEventMap'],
  ['gs-video-call', 'src/elements/gs-video-call/gs-video-call', 'GsVideoCallEventMap'],
] as const) {
  test(`<${tag}>: the manifest's events are exactly its ${map}`, () => {
    assert.deepEqual(interfaceKeys(read(`${file}.events.ts`), map), eventsOf.get(tag));
  });

  test(`<${tag}>: its global event names are fired by no other element`, () => {
    const globals = interfaceKeys(read(`${file}.ts`), 'GlobalEventHandlersEventMap');
    assert.ok(globals.length > 0);
    for (const name of globals) {
      assert.ok(eventsOf.get(tag)!.includes(name), `${name} is an event of <${tag}>`);
      const others = [...eventsOf].filter(([other, events]) => other !== tag && events.includes(name)).map(([other]) => other);
      assert.deepEqual(others, [], `${name} is also fired by ${others.join(', ')}`);
    }
  });
}
