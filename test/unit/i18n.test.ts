// The message tables: each element's own table (English bundled, Chinese and Russian loaded on demand by a
// dynamic import of their modules), every key and every result code worded in English, Chinese and Russian.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCodes } from '../../src/protocol/index.js';
import {
  shippedLanguages,
  languageOf,
  loadMessages,
  loadTable,
  messagesFor,
  needsLoading,
  onMessagesRegistered,
  registerMessages,
  stringsFor,
  Translator,
  fill,
  type MessageCatalog,
} from '../../src/elements/i18n/localize.js';
// Each element's catalog (importing a table module registers nothing: loading does).
import { shareMessages } from '../../src/elements/gs-screen-share/messages.js';
import { statsMessages } from '../../src/elements/gs-share-stats/messages.js';
import { roomMessages } from '../../src/elements/gs-room/messages.js';
import { callMessages } from '../../src/elements/gs-video-call/messages.js';
import { terminalMessages } from '../../src/elements/gs-terminal/messages.js';
import { en } from '../../src/elements/i18n/messages.en.js';
import { zh } from '../../src/elements/i18n/messages.zh.js';
import { ru } from '../../src/elements/i18n/messages.ru.js';
import * as terminal from '../../src/elements/gs-terminal/messages.en.js';
import * as terminalZh from '../../src/elements/gs-terminal/messages.zh.js';
import * as terminalRu from '../../src/elements/gs-terminal/messages.ru.js';

const catalogs: Record<string, MessageCatalog> = {
  '<gs-screen-share>': shareMessages,
  '<gs-share-stats>': statsMessages,
  '<gs-room>': roomMessages,
  '<gs-video-call>': callMessages,
  '<gs-terminal>': terminalMessages,
};
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Every catalog's three tables, Chinese and Russian imported directly. */
async function tablesOf(catalog: MessageCatalog) {
  return { en: catalog.en, zh: await catalog.loaders.zh(), ru: await catalog.loaders.ru() };
}

// First, while only English is there (the tests below load the others).
test('only English is there at first; zh and ru are shipped but load on demand', () => {
  assert.deepEqual([...shippedLanguages].sort(), ['en', 'ru', 'zh']);
  // Every tag gets English until a table is loaded; the last three (names of Object.prototype) are no languages.
  const tags = ['zh-CN', 'ru-RU', 'ru', 'en-GB', 'de', '', 'constructor', 'toString', '__proto__'];
  for (const catalog of Object.values(catalogs)) {
    assert.deepEqual(tags.map((tag) => messagesFor(tag, catalog)), tags.map(() => catalog.en));
    assert.deepEqual(tags.map((tag) => needsLoading(tag, catalog)), [true, true, true, false, false, false, false, false, false]);
  }
  // The language in use is already the one asked for, so a child element gets the right lang.
  assert.deepEqual(tags.map((tag) => languageOf(tag)), ['zh', 'ru', 'ru', 'en', 'en', 'en', 'en', 'en', 'en']);
});

test('each element has a table of its own: no key of another element in it', () => {
  const prefixes: Record<string, RegExp> = {
    '<gs-screen-share>': /^(state|progress|button|label|quality|notice|prompt|failure|code|next)\b/,
    '<gs-share-stats>': /^stats\./,
    '<gs-room>': /^room\./,
    '<gs-video-call>': /^(call\.|room\.(failure|code\.))/,
    '<gs-terminal>': /^(terminal\.|code\.|stats\.unit(Fps|Kbps)$)/,
  };
  for (const [name, catalog] of Object.entries(catalogs)) {
    for (const key of Object.keys(catalog.en)) assert.match(key, prefixes[name], `${name} ${key}`);
  }
  assert.ok(!Object.keys(shareMessages.en).some((key) => /^(room|call|terminal|stats|gsrtc)\./.test(key)));
});

test('loadTable imports each shipped table once, registers it, and tells the listeners', async () => {
  const heard: string[] = [];
  const stop = onMessagesRegistered((language) => heard.push(language));
  const pending = [loadTable('zh-CN', shareMessages), loadTable('ZH_tw', shareMessages), loadTable('ru-RU', shareMessages)];
  const [a, b, c] = await Promise.all(pending);
  stop();
  assert.deepEqual(a, zh);
  assert.deepEqual(b, zh);
  assert.deepEqual(c, ru);
  // One fetch per language: the callers while it was on its way shared it.
  assert.deepEqual(heard.sort(), ['ru', 'zh']);
  assert.equal(needsLoading('zh', shareMessages), false);
  // Another element's table of the same language is its own module, still to load.
  assert.equal(needsLoading('zh', terminalMessages), true);
  assert.equal(await loadTable('en', shareMessages), en);
  assert.equal(await loadTable('de', shareMessages), en);
});

test('loadMessages fetches the tables of every element in the bundle', async () => {
  await loadMessages('ru');
  for (const catalog of Object.values(catalogs)) assert.equal(needsLoading('ru', catalog), false);
  assert.equal(messagesFor('ru', terminalMessages)['terminal.button.hangUp'], terminalRu.ru['terminal.button.hangUp']);
  await loadMessages('de'); // nothing shipped: at once
});

test('the three languages ship every table, with the same keys', async () => {
  for (const [name, catalog] of Object.entries(catalogs)) {
    const tables = await tablesOf(catalog);
    const keys = Object.keys(catalog.en).sort();
    for (const [language, table] of Object.entries(tables)) assert.deepEqual(Object.keys(table).sort(), keys, `${name} ${language}`);
    for (const language of shippedLanguages) {
      const loaded = await loadTable(language, catalog);
      for (const key of keys) assert.equal(loaded[key], tables[language as keyof typeof tables][key], `${name} ${language} ${key}`);
    }
  }
});

test('every message is non-empty (except the next step of 200) and keeps the same placeholders', async () => {
  for (const [name, catalog] of Object.entries(catalogs)) {
    for (const [language, table] of Object.entries(await tablesOf(catalog))) {
      for (const [key, value] of Object.entries(table)) {
        if (key !== 'next.200') assert.ok(value.trim().length > 0, `${name} ${language} ${key}`);
        assert.deepEqual(placeholders(value), placeholders(catalog.en[key]), `${name} ${language} ${key}`);
      }
    }
  }
});

test('every code of the code table has a sentence and a next step in every language', () => {
  assert.ok(allCodes.length >= 20);
  for (const [name, table] of Object.entries({ en, zh, ru })) {
    const t = new Translator(table);
    for (const code of allCodes) {
      assert.ok(t.knows(code), `${name} ${code}`);
      assert.ok(t.codeText(code).length > 0, `${name} ${code}`);
      if (code >= 300) assert.ok(t.nextStep(code).length > 0, `${name} next ${code}`);
    }
  }
  // The terminal words the codes of its replies from the same sentences.
  for (const table of [terminal.en, terminalZh.zh, terminalRu.ru]) {
    for (const code of allCodes) assert.ok(new Translator(table).knows(code), `terminal ${code}`);
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
  await Promise.all([loadTable('zh', shareMessages), loadTable('ru', shareMessages)]);
  const pick = (tag: string | undefined) => messagesFor(tag, shareMessages)['button.call'];
  assert.deepEqual(
    ['zh-CN', 'ZH_tw', 'ru-RU', 'ru', 'en-GB', 'de', '', undefined].map(pick),
    [zh, zh, ru, ru, en, en, en, en].map((table) => table['button.call']),
  );
  assert.equal(messagesFor('en-GB', shareMessages), en);
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

test('host overrides win over the shipped table; placeholders are filled; English under a language that lacks a key', () => {
  const t = new Translator<keyof typeof en>(en, { 'button.call': 'Dial', 'code.486': 'All lines busy.' });
  assert.equal(t.t('button.call'), 'Dial');
  assert.equal(t.t('button.hangUp'), 'Hang up');
  assert.equal(t.codeText(486), 'All lines busy.');
  assert.equal(t.t('progress.calling', { seconds: 3 }), 'Calling the terminal… 3 s');
  assert.equal(fill('{a} {b}', { a: 1 }), '1 {b}');
  assert.equal(new Translator<keyof typeof en>({ 'button.call': 'Anrufen' }, {}, en).t('button.hangUp'), 'Hang up');
});

test('a page registers its own strings: a new language, or sentences that win over a shipped table', async () => {
  const de = { ...en, 'button.call': 'Anrufen' };
  registerMessages('de-AT', de);
  assert.deepEqual(messagesFor('de', shareMessages), de);
  assert.equal(languageOf('de-DE'), 'de');
  assert.equal(new Translator(messagesFor('de-CH', shareMessages)).t('button.call'), 'Anrufen');
  // A complete table needs no fetch; a table of another element's keys does not make this one complete.
  assert.equal(needsLoading('de', shareMessages), false);
  registerMessages('zh', { ...terminalZh.zh });
  assert.equal(needsLoading('zh', terminalMessages), false);
  const mine = { ...ru, 'button.call': 'Набрать' };
  registerMessages('ru', mine);
  assert.equal((await loadTable('ru-RU', shareMessages))['button.call'], 'Набрать');
  // Only some sentences: the rest of the language stays.
  registerMessages('ru', { 'button.hangUp': 'Отбой' });
  assert.deepEqual([messagesFor('ru', shareMessages)['button.call'], stringsFor('ru')['button.hangUp']], ['Набрать', 'Отбой']);
});
