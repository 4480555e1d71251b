import { build, type InlineConfig } from 'vite';
import { writeFileSync } from 'node:fs';
import { libEntry, libraryConfig } from '../vite.lib.config.js';
const base = libraryConfig({ entry: libEntry, fileName: 'bundle' }) as InlineConfig;
const ro = base.build!.rolldownOptions!;
const r: any = await build({ ...base, configFile: false, build: { ...base.build, write: false, minify: false, rolldownOptions: { ...ro, output: { ...(ro as any).output, minify: false, comments: false } } } });
const out = (Array.isArray(r) ? r : [r]).flatMap((o: any) => o.output);
for (const c of out) if (c.type === 'chunk') writeFileSync('/tmp/unmin-' + c.fileName.replace(/\//g, '_'), c.code);
