#!/usr/bin/env node
// README's API tables, generated from custom-elements.json (itself generated from the elements' docblocks) and
// the message table (codes): attributes, properties, methods, events with their detail shapes, slots, CSS parts,
// CSS custom properties, and the codes with what to do next. Written between the README's
// `<!-- api:start -->` and `<!-- api:end -->` markers.
//   node scripts/api-docs.mjs          rewrite README.md
//   node scripts/api-docs.mjs --check  exit 1 when README.md is not what it would write (npm test runs this)
// Detail shapes are read from the TypeScript interfaces the events name (CustomEvent<GsResultDetail> → its members).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { tsImport } from 'tsx/esm/api';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const readmePath = path.join(repoRoot, 'README.md');
const START = '<!-- api:start -->';
const END = '<!-- api:end -->';
const elementsOrder = ['gs-screen-share', 'gs-share-stats', 'gs-terminal', 'gs-room', 'gs-video-call'];

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'custom-elements.json'), 'utf8'));
const { en } = await tsImport('../src/elements/i18n/messages.en.ts', import.meta.url);
const { allCodes, describeCode } = await tsImport('../src/protocol/codes.ts', import.meta.url);

/** Every exported interface of src/elements and src/protocol: name → { extends: [...], members: [...] }. */
function readInterfaces() {
  const files = ['src/elements', 'src/protocol'].flatMap((dir) =>
    readdirSync(path.join(repoRoot, dir), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => path.join(repoRoot, dir, f)),
  );
  const interfaces = new Map();
  for (const file of files.sort()) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const heritage = (node.heritageClauses ?? []).flatMap((c) => c.types.map((t) => t.expression.getText(source)));
      const members = node.members.map((m) => {
        const name = m.name?.getText(source) ?? '';
        if (ts.isMethodSignature(m)) return `${name}(${m.parameters.map((p) => p.getText(source)).join(', ')})`;
        const optional = m.questionToken ? '?' : '';
        return `${name}${optional}: ${m.type ? m.type.getText(source).replace(/\s+/g, ' ') : 'unknown'}`;
      });
      interfaces.set(node.name.text, { heritage, members });
    });
  }
  return interfaces;
}
const interfaces = readInterfaces();

/** `{ code: number; message: string; op?: Operation }` for an interface name (its bases first), else the name. */
function shape(name, seen = new Set()) {
  const found = interfaces.get(name);
  if (!found || seen.has(name)) return null;
  seen.add(name);
  const inherited = found.heritage.flatMap((base) => shape(base, seen) ?? []);
  return [...inherited, ...found.members];
}
function detailOf(typeText) {
  const match = /^CustomEvent<(\w+)>$/.exec(typeText ?? '');
  if (!match) return typeText ? `\`${typeText}\`` : '';
  const members = shape(match[1]);
  return members ? `\`{ ${members.join('; ')} }\`` : `\`${match[1]}\``;
}

const cell = (text) => String(text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text) => (text ? `\`${String(text).replace(/\s*\n\s*/g, ' ').trim()}\`` : '');
function table(headers, rows) {
  if (rows.length === 0) return '';
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n') + '\n';
}

function elementDocs(decl) {
  const out = [`### \`<${decl.tagName}>\``, '', cell(decl.summary), ''];
  // RoomElement (src/elements/internal/room-element.ts) carries properties of <gs-room> and <gs-video-call> themselves.
  const publicMembers = (decl.members ?? []).filter((m) => !m.privacy && !m.static && (!m.inheritedFrom || m.inheritedFrom.name === 'RoomElement'));
  const attributes = decl.attributes ?? [];
  if (attributes.length) {
    out.push('**Attributes** (each also a property)', '');
    out.push(table(['attribute', 'property', 'type', 'default', 'description'],
      attributes.map((a) => {
        const member = publicMembers.find((m) => m.name === a.fieldName);
        return [code(a.name), code(a.fieldName), code(a.type?.text ?? member?.type?.text), code(a.default ?? member?.default), a.description ?? member?.description ?? ''];
      })));
  }
  const properties = publicMembers.filter((m) => m.kind === 'field' && !attributes.some((a) => a.fieldName === m.name));
  if (properties.length) {
    out.push('**Properties**', '');
    out.push(table(['property', 'type', 'description'],
      properties.map((m) => [code(m.name) + (m.readonly ? ' (read-only)' : ''), code(m.type?.text), m.description ?? ''])));
  }
  const methods = publicMembers.filter((m) => m.kind === 'method');
  if (methods.length) {
    out.push('**Methods**', '');
    out.push(table(['method', 'returns', 'description'],
      methods.map((m) => [
        code(`${m.name}(${(m.parameters ?? []).map((p) => `${p.name}${p.default ? '?' : ''}: ${p.type?.text ?? 'unknown'}`).join(', ')})`),
        code(m.return?.type?.text),
        m.description ?? '',
      ])));
  }
  if (decl.events?.length) {
    out.push('**Events**', '');
    out.push(table(['event', 'detail', 'description'], decl.events.map((e) => [code(e.name), detailOf(e.type?.text), e.description ?? ''])));
  }
  if (decl.slots?.length) {
    out.push('**Slots**', '');
    out.push(table(['slot', 'description'], decl.slots.map((s) => [code(s.name || '(default)'), s.description ?? ''])));
  }
  if (decl.cssParts?.length) {
    out.push('**CSS parts**', '');
    out.push(table(['part', 'description'], decl.cssParts.map((p) => [code(p.name), p.description ?? ''])));
  }
  if (decl.cssProperties?.length) {
    out.push('**CSS custom properties**', '');
    out.push(table(['property', 'description'], decl.cssProperties.map((p) => [code(p.name), p.description ?? ''])));
  }
  return out.join('\n');
}

function codesDocs() {
  const rows = allCodes.map((c) => [code(String(c)), describeCode(c), en[`code.${c}`], en[`next.${c}`] || '']);
  return ['### Codes', '', 'What the element shows a person for each code (English table; Chinese and Russian in src/elements/i18n/):', '',
    table(['code', 'meaning (protocol)', 'what the user reads', 'what to do next'], rows)].join('\n');
}

const declarations = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
const ordered = [...declarations].sort((a, b) => elementsOrder.indexOf(a.tagName) - elementsOrder.indexOf(b.tagName));
const generated = [
  START,
  '<!-- Generated by scripts/api-docs.mjs from custom-elements.json and the message table: do not edit by hand. -->',
  '',
  ...ordered.map(elementDocs),
  codesDocs(),
  END,
].join('\n');

const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) {
  console.error(`README.md has no ${START} … ${END} markers`);
  process.exit(1);
}
const next = readme.slice(0, start) + generated + readme.slice(end + END.length);

if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md API tables are stale: run npm run docs:api');
    process.exit(1);
  }
  console.log('README.md API tables are up to date');
} else {
  writeFileSync(readmePath, next);
  console.log('README.md API tables written');
}
