#!/usr/bin/env node
// `npm test`: every check of the project, in order, each run to the end whatever the others did:
//   typecheck → manifest → api-docs → build (demo + gsRTC classic script) → size (library build + size-limit budgets) → unit (Node)
//   → browser (web-test-runner, Chromium) → e2e (Node + Chromium)
// Each stage's output is streamed as it comes. The run ends with a summary per stage and then one line alone,
// "N passed, N failed" (tests, all stages added up), and exits 1 when anything failed.
//
// Counting: the test stages count their tests (node's "# pass N"/"ℹ pass N" lines, web-test-runner's results);
// a check stage (typecheck, manifest, api-docs, build, size) that fails counts as 1 failed, and one that passes counts nothing
// (size fails when a library bundle is over its budget);
// a stage that failed without reporting any failed test (it crashed, timed out, found no test) counts as 1 failed.
// A test stage whose test files don't exist yet is skipped, and said so.
//
// Usage: node scripts/test.mjs [stage...]   e.g. `node scripts/test.mjs unit browser` runs only those two.
// Env: STAGE_TIMEOUT_MS (default 900000 = 15 min per stage; the stage is killed and counts as failed after it).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const binDir = path.join(repoRoot, 'node_modules', '.bin');
const stageTimeoutMs = Number(process.env.STAGE_TIMEOUT_MS) || 15 * 60_000;

/** Files directly in `dir` (relative to the repo) whose names end with `suffix`, sorted. */
function filesIn(dir, suffix) {
  const abs = path.join(repoRoot, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.posix.join(dir, e.name))
    .sort();
}

/** Files anywhere under `dir` whose names end with `suffix`, sorted. */
function filesUnder(dir, suffix) {
  const abs = path.join(repoRoot, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
    .sort();
}

const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');

/** Sums node's test runner summary lines (tap "# pass 3" or spec "ℹ pass 3"); null when there are none. */
function parseNodeCounts(output) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  let seen = false;
  for (const line of stripAnsi(output).split(/\r?\n/)) {
    const m = /^(?:#|ℹ)\s+(pass|fail|cancelled|skipped|todo)\s+(\d+)\s*$/.exec(line.trim());
    if (!m) continue;
    seen = true;
    const n = Number(m[2]);
    if (m[1] === 'pass') counts.passed += n;
    else if (m[1] === 'fail' || m[1] === 'cancelled') counts.failed += n;
    else counts.skipped += n;
  }
  return seen ? counts : null;
}

/** web-test-runner's own progress line "Chromium: |███| 2/2 test files | 9 passed, 1 failed[, 2 skipped]" (the last one). */
function parseWtrOutput(output) {
  let found = null;
  for (const line of stripAnsi(output).split(/\r?\n/)) {
    const m = /test files \| (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(line);
    if (m) found = { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) };
  }
  return found;
}

/** Runs one command, streaming its output; resolves { code, output, timedOut, ms }. */
function run(command, args, { env = {} } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout ends everything it started
    });
    current = child;
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n!! killed after ${stageTimeoutMs / 1000}s (STAGE_TIMEOUT_MS)`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
    }, stageTimeoutMs);
    child.on('error', (err) => {
      output += String(err);
      console.error(`!! could not start ${command}: ${err.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = null;
      resolve({ code: code ?? (signal ? 128 : 1), output, timedOut, ms: Date.now() - started });
    });
  });
}

let current = null;
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) killGroup(current, 'SIGTERM');
    process.exit(130);
  });
}

const node = process.execPath;

/**
 * Each stage: `files()` (test stages only) lists its test files, none → skipped; `command(files)` gives
 * [command, args, options]; `counts(result)` reads its test counts from the result, or null.
 */
const stages = [
  {
    name: 'typecheck',
    kind: 'check',
    command: () => ['tsc', ['--noEmit', '-p', '.']],
  },
  {
    name: 'manifest',
    kind: 'check',
    command: () => [node, ['scripts/check-manifest.mjs']],
  },
  {
    // README's API tables, generated from custom-elements.json by scripts/api-docs.mjs.
    name: 'api-docs',
    kind: 'check',
    command: () => [node, ['scripts/api-docs.mjs', '--check']],
  },
  {
    name: 'build',
    kind: 'check',
    command: () => ['npm', ['run', '--silent', 'build']],
  },
  {
    // The production library bundles (bench/build-lib.ts) against their budgets in .size-limit.cjs.
    name: 'size',
    kind: 'check',
    command: () => ['npm', ['run', '--silent', 'size']],
  },
  {
    name: 'unit',
    kind: 'test',
    files: () => filesIn('test/unit', '.test.ts'),
    command: (files) => [node, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]],
    counts: (r) => parseNodeCounts(r.output),
  },
  {
    name: 'browser',
    kind: 'test',
    files: () => filesUnder('src', '.test.ts'),
    command: () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'wtr-counts-'));
      const file = path.join(dir, 'counts.json');
      return ['web-test-runner', [], { env: { WTR_COUNTS_FILE: file }, cleanup: () => rmSync(dir, { recursive: true, force: true }), countsFile: file }];
    },
    counts: (r, opts) => {
      try {
        const c = JSON.parse(readFileSync(opts.countsFile, 'utf8'));
        return { passed: c.passed, failed: c.failed, skipped: c.skipped };
      } catch {
        return parseWtrOutput(r.output);
      }
    },
  },
  {
    name: 'e2e',
    kind: 'test',
    files: () => filesIn('test/e2e', '.test.ts'),
    command: (files) => [
      node,
      ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    ],
    counts: (r) => parseNodeCounts(r.output),
  },
];

const only = process.argv.slice(2);
const unknown = only.filter((n) => !stages.some((s) => s.name === n));
if (unknown.length) {
  console.error(`unknown stage(s): ${unknown.join(', ')}; stages are: ${stages.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const bar = (text) => `\n${'='.repeat(8)} ${text} ${'='.repeat(Math.max(8, 70 - text.length))}`;
const results = [];
const runStarted = Date.now();

for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  let files = [];
  if (stage.files) {
    files = stage.files();
    if (files.length === 0) {
      console.log(bar(`${stage.name}: SKIPPED (no test files)`));
      results.push({ name: stage.name, status: 'skipped', passed: 0, failed: 0, skipped: 0, ms: 0, note: 'no test files' });
      continue;
    }
  }
  const [command, args, opts = {}] = stage.command(files);
  console.log(bar(`${stage.name}: ${path.basename(command)} ${args.join(' ')}`));
  const r = await run(command, args, opts);
  let counts = stage.counts ? stage.counts(r, opts) : null;
  opts.cleanup?.();
  const ok = r.code === 0 && !r.timedOut;
  let note = r.timedOut ? 'timed out' : ok ? '' : `exit code ${r.code}`;
  if (stage.kind === 'check') {
    counts = { passed: 0, failed: ok ? 0 : 1, skipped: 0 };
  } else if (!counts) {
    counts = { passed: 0, failed: 1, skipped: 0 };
    note = `${note || 'no test counts in its output'}; counted as 1 failed`;
  } else if (!ok && counts.failed === 0) {
    counts = { ...counts, failed: 1 };
    note = `${note}, but no failed test reported; counted as 1 failed`;
  } else if (ok && counts.failed > 0) {
    // Should not happen, but never let a reported failure pass.
    note = `exit code 0 but ${counts.failed} failed`;
  }
  const status = ok && counts.failed === 0 ? 'ok' : 'FAILED';
  results.push({ name: stage.name, kind: stage.kind, status, ...counts, ms: r.ms, note });
  console.log(bar(`${stage.name}: ${status} in ${(r.ms / 1000).toFixed(1)}s`));
}

const total = results.reduce(
  (t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);

console.log(bar(`summary (${((Date.now() - runStarted) / 1000).toFixed(1)}s)`));
for (const r of results) {
  const tests = r.status === 'skipped' || r.kind === 'check' ? '' : ` ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
  console.log(
    `  ${r.name.padEnd(10)} ${r.status.padEnd(7)} ${`${(r.ms / 1000).toFixed(1)}s`.padStart(7)}${tests}${r.note ? `  (${r.note})` : ''}`,
  );
}
const skippedStages = results.filter((r) => r.status === 'skipped').map((r) => r.name);
if (skippedStages.length) console.log(`  skipped stages: ${skippedStages.join(', ')}`);
if (total.skipped) console.log(`  skipped tests: ${total.skipped}`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 || results.some((r) => r.status === 'FAILED') ? 1 : 0);
