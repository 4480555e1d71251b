// The message tables: every key and every result code worded in English, Chinese and Russian.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCodes } from '../../src/protocol/index.js';
import { en, ru, zh, languages, messagesFor, Translator, fill } from '../../src/elements/i18n/localize.js';

const tables = { en, zh, ru } as const;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('the three languages ship, with the same keys', () => {
  assert.deepEqual(Object.keys(languages).sort(), ['en', 'ru', 'zh']);
  const keys = Object.keys(en).sort();
  for (const [name, table] of Object.entries(tables)) assert.deepEqual(Object.keys(table).sort(), keys, name);
});

test('every message is non-empty (except the next step of 200) and keeps the same placeholders', () => {
  for (const [name, table] of Object.entries(tables)) {
    for (const [key, value] of Object.entries(table)) {
      if (key !== 'next.200') assert.ok(value.trim().length > 0, `${name} ${key}`);
      assert.deepEqual(placeholders(value), placeholders(en[key as keyof typeof en]), `${name} ${key}`);
    }
  }
});

test('every code of the code table has a sentence and a next step in every language', () => {
  assert.ok(allCodes.length >= 20);
  for (const [name, table] of Object.entries(tables)) {
    const t = new Translator(table);
    for (const code of allCodes) {
      assert.ok(t.knows(code), `${name} ${code}`);
      assert.ok(t.codeText(code).length > 0, `${name} ${code}`);
      if (code >= 300) assert.ok(t.nextStep(code).length > 0, `${name} next ${code}`);
    }
  }
  // Only codes of the table: no stale entries.
  const worded = Object.keys(en).filter((k) => /^code\.\d+$/.test(k)).map((k) => Number(k.slice(5))).sort((a, b) => a - b);
  assert.deepEqual(worded, [...allCodes].sort((a, b) => a - b));
});

test('translations differ from English where they should', () => {
  for (const table of [zh, ru]) {
    assert.notEqual(table['button.call'], en['button.call']);
    assert.notEqual(table['code.301'], en['code.301']);
  }
});

test('language tags pick the table; unknown or empty → English', () => {
  assert.equal(messagesFor('zh-CN'), zh);
  assert.equal(messagesFor('ZH_tw'), zh);
  assert.equal(messagesFor('ru-RU'), ru);
  assert.equal(messagesFor('ru'), ru);
  assert.equal(messagesFor('en-GB'), en);
  assert.equal(messagesFor('de'), en);
  assert.equal(messagesFor(''), en);
  assert.equal(messagesFor(undefined), en);
});

test('the failure sentence names the code, what happened and what to do (301 → HTTPS)', () => {
  assert.equal(
    new Translator(en).failure(301),
    'Error 301: This browser cannot share the screen here. Open this page over HTTPS (or localhost) in a recent desktop browser.',
  );
  assert.match(new Translator(zh).failure(301), /^错误 301：.*HTTPS/);
  assert.match(new Translator(ru).failure(301), /^Ошибка 301: .*HTTPS/);
  assert.equal(new Translator(en).failure(599), 'Error 599: Unexpected result 599. Try again; if it keeps happening, report the code.');
});

test('host overrides win over the shipped table; placeholders are filled', () => {
  const t = new Translator(en, { 'button.call': 'Dial', 'code.486': 'All lines busy.' });
  assert.equal(t.t('button.call'), 'Dial');
  assert.equal(t.t('button.hangUp'), 'Hang up');
  assert.equal(t.codeText(486), 'All lines busy.');
  assert.equal(t.t('progress.calling', { seconds: 3 }), 'Calling the terminal… 3 s');
  assert.equal(fill('{a} {b}', { a: 1 }), '1 {b}');
});
