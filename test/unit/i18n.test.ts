// The message tables: every key and every result code worded in English, Chinese and Russian; Chinese and Russian
// load on demand (a dynamic import of their modules), English is there from the start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCodes } from '../../src/protocol/index.js';
import {
  en,
  shippedLanguages,
  languageOf,
  loadMessages,
  messagesFor,
  needsLoading,
  onMessagesRegistered,
  registerMessages,
  Translator,
  fill,
} from '../../src/elements/i18n/localize.js';
// The tables themselves, read directly (importing a table module registers nothing: loadMessages does).
import { zh } from '../../src/elements/i18n/messages.zh.js';
import { ru } from '../../src/elements/i18n/messages.ru.js';

const tables = { en, zh, ru } as const;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// First, while only English is registered (the tests below load the others).
test('only English is there at first; zh and ru are shipped but load on demand', () => {
  assert.deepEqual([...shippedLanguages].sort(), ['en', 'ru', 'zh']);
  // Every tag gets English until a table is loaded; the last three (names of Object.prototype) are no languages.
  const tags = ['zh-CN', 'ru-RU', 'ru', 'en-GB', 'de', '', 'constructor', 'toString', '__proto__'];
  assert.deepEqual(tags.map((tag) => messagesFor(tag)), tags.map(() => en));
  assert.deepEqual(tags.map((tag) => needsLoading(tag)), [true, true, true, false, false, false, false, false, false]);
  // The language in use is already the one asked for, so a child element gets the right lang.
  assert.deepEqual(tags.map((tag) => languageOf(tag)), ['zh', 'ru', 'ru', 'en', 'en', 'en', 'en', 'en', 'en']);
});

test('loadMessages imports each shipped table once, registers it, and tells the listeners', async () => {
  const heard: string[] = [];
  const stop = onMessagesRegistered((language) => heard.push(language));
  const pending = [loadMessages('zh-CN'), loadMessages('ZH_tw'), loadMessages('ru-RU')];
  // One fetch per language: callers while it is on its way share its promise.
  assert.equal(pending[0], pending[1]);
  assert.notEqual(pending[0], pending[2]);
  const [a, b, c] = await Promise.all(pending);
  stop();
  assert.equal(a, zh);
  assert.equal(b, zh);
  assert.equal(c, ru);
  assert.deepEqual(heard.sort(), ['ru', 'zh']);
  assert.equal(needsLoading('zh'), false);
  assert.equal(await loadMessages('en'), en);
  assert.equal(await loadMessages('de'), en);
});

test('the three languages ship, with the same keys', async () => {
  for (const language of shippedLanguages) assert.equal(await loadMessages(language), tables[language as keyof typeof tables], language);
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

test('language tags pick the table (once loaded); unknown or empty → English', async () => {
  await Promise.all([loadMessages('zh'), loadMessages('ru')]);
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

test('a page registers its own table: a new language, or one that wins over a shipped table', async () => {
  const de = { ...en, 'button.call': 'Anrufen' };
  registerMessages('de-AT', de);
  assert.equal(messagesFor('de'), de);
  assert.equal(languageOf('de-DE'), 'de');
  assert.equal(new Translator(messagesFor('de-CH')).t('button.call'), 'Anrufen');
  const mine = { ...ru, 'button.call': 'Набрать' };
  registerMessages('ru', mine);
  assert.equal(await loadMessages('ru-RU'), mine);
});
