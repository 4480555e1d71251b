/**
 * The React wrappers' events (src/react/events.ts) are each element's `@event`s as custom-elements.json lists them,
 * so a renamed or added event reaches the wrapper; and each becomes the `on…` prop React code expects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { elementEvents } from '../../src/react/events.js';
import { reactEventProp, reactEvents } from '../../src/react/react-events.js';

interface Manifest {
  modules: { declarations?: { tagName?: string; events?: { name: string }[] }[] }[];
}

test('each wrapper maps exactly its element’s events from the manifest', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../custom-elements.json', import.meta.url), 'utf8')) as Manifest;
  const fromManifest = Object.fromEntries(
    manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName!, (d.events ?? []).map((e) => e.name).sort()])),
  );
  const listed = Object.fromEntries(Object.entries(elementEvents).map(([tag, names]) => [tag, [...names].sort()]));
  assert.deepEqual(listed, fromManifest);
});

test('event names become on… props', () => {
  assert.equal(reactEventProp('shareScreen'), 'onShareScreen');
  assert.equal(reactEventProp('state-change'), 'onStateChange');
  assert.equal(reactEventProp('gs-share-stats-sample'), 'onGsShareStatsSample');
  assert.deepEqual(reactEvents()(['hangup', 'quality-change']), { onHangup: 'hangup', onQualityChange: 'quality-change' });
});
