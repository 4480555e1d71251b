#!/usr/bin/env node
// `npm run test:repeat`: the test stages run again and again while every core is kept busy, to show that the
// tests don't depend on an idle machine (a sleep-then-assert, a tight window, a real timer that only just fits).
//
// What it does, in order:
//   1. starts K busy processes (`node -e "for(;;){}"`), K = os.availableParallelism() unless --busy K;
//   2. runs the fast stages (unit, browser) N rounds, each stage through `node scripts/test.mjs <stage>`;
//   3. runs `npm run build` once, then the e2e stage M rounds;
//   4. kills the busy processes (also on SIGINT/SIGTERM, an uncaught error, or any exit);
//   5. prints one table row per round and stage, then one line alone:
//      "unit+browser: X of N rounds green; e2e: Y of M rounds green".
// Every round runs whatever the earlier ones did; a round is green when each of its stages exited 0 with no
// failed test. Exits 1 when any round was not green (or the build failed).
//
// Per round and stage it records: passed/failed counts (test.mjs's own summary line), duration, the 1-minute
// load average at its start and end (os.loadavg(), so it also shows load from outside this script), and the
// names of the failing tests: node's test runner ("failing tests:" section of the spec reporter, "not ok" lines of
// TAP) and web-test-runner's error report (" ❌ name" under each "src/....test.ts:" file heading), each with the
// first line of its error. Each stage's whole output goes to <log dir>/round-<n>-<stage>.log, and the rows to
// <log dir>/rounds.json; a stage's log fills as it runs.
//
// Usage: node scripts/repeat-under-load.mjs [--fast-rounds N] [--e2e-rounds M] [--stages unit,browser,e2e]
//                                           [--busy K] [--log-dir DIR]
//   --fast-rounds N   rounds of the unit+browser stages (default 10)
//   --e2e-rounds M    rounds of the e2e stage (default 3; 0 skips the build as well)
//   --stages LIST     which of unit, browser, e2e to run (comma-separated; default all three)
//   --busy K          busy processes to start (default os.availableParallelism(); 0 runs on an unloaded machine)
//   --log-dir DIR     where the logs go (default a new directory under the system temp dir)
// Env: STAGE_TIMEOUT_MS, scripts/test.mjs's per-stage timeout, is 3600000 (1 h) here unless set: with every core
// busy the e2e stage takes well over test.mjs's own 15 min default, and a round cut short proves nothing. A stage
// killed by it is listed as failed, with the last test that finished before.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const stageTimeoutMs = process.env.STAGE_TIMEOUT_MS || String(60 * 60_000);
const node = process.execPath;
const FAST_STAGES = ['unit', 'browser'];
const ALL_STAGES = [...FAST_STAGES, 'e2e'];

function options() {
  const { values } = parseArgs({
    options: {
      'fast-rounds': { type: 'string', default: '10' },
      'e2e-rounds': { type: 'string', default: '3' },
      stages: { type: 'string', default: ALL_STAGES.join(',') },
      busy: { type: 'string', default: String(os.availableParallelism()) },
      'log-dir': { type: 'string' },
    },
  });
  const count = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0, got "${values[name]}"`);
    return n;
  };
  const stages = values.stages.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = stages.filter((s) => !ALL_STAGES.includes(s));
  if (unknown.length) throw new Error(`unknown stage(s): ${unknown.join(', ')}; stages are: ${ALL_STAGES.join(', ')}`);
  const logDir = values['log-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'repeat-under-load-'));
  mkdirSync(logDir, { recursive: true });
  return {
    fastStages: FAST_STAGES.filter((s) => stages.includes(s)),
    e2e: stages.includes('e2e'),
    fastRounds: count('fast-rounds'),
    e2eRounds: count('e2e-rounds'),
    busy: count('busy'),
    logDir,
  };
}

const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');

/** test.mjs's summary row for a stage: "  unit       ok        12.3s 100 passed, 0 failed[, 2 skipped]  (note)". */
export function parseSummary(output, stage) {
  const re = new RegExp(`^\\s+${stage}\\s+(ok|FAILED|skipped)\\s+([\\d.]+)s(?: (\\d+) passed, (\\d+) failed)?`);
  let found = null;
  for (const line of output.split(/\r?\n/)) {
    const m = re.exec(line);
    if (m) found = { status: m[1], passed: Number(m[3] ?? 0), failed: Number(m[4] ?? 0) };
  }
  return found;
}

/**
 * Failing tests in node's test runner output: the spec reporter's "✖ failing tests:" section (a "test at
 * file:line:col" line, then "✖ name (ms)", then the error), else TAP's "not ok N - name" lines. Suites whose
 * only failure is a child test are left out by the spec section; TAP lists them too.
 */
export function nodeFailures(lines) {
  const failures = [];
  const start = lines.findIndex((l) => /^✖ failing tests:/.test(l.trim()));
  if (start >= 0) {
    let where = '';
    for (let i = start + 1; i < lines.length; i++) {
      const at = /^test at (.+?):\d+:\d+$/.exec(lines[i].trim());
      if (at) {
        where = at[1].replace(/^(\.\.\/)+/, '');
        continue;
      }
      const m = /^✖ (.+?)(?: \([\d.]+m?s\))?$/.exec(lines[i]);
      if (m) failures.push({ name: where ? `${where} › ${m[1]}` : m[1], error: firstErrorLine(lines, i + 1) });
    }
    return failures;
  }
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*not ok \d+ - (.+?)(?:\s+#.*)?$/.exec(lines[i]);
    if (m) failures.push({ name: m[1], error: '' });
  }
  return failures;
}

/** web-test-runner's error report: a "src/x.test.ts:" heading, then " ❌ suite > test" lines with the error under each. */
export function wtrFailures(lines) {
  const failures = [];
  let file = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^(\S+\.test\.ts):\s*$/.exec(lines[i].trim());
    if (heading) {
      file = heading[1];
      continue;
    }
    const m = /^\s*❌ (.+?)\s*$/.exec(lines[i]);
    if (m) failures.push({ name: file ? `${file} › ${m[1]}` : m[1], error: firstErrorLine(lines, i + 1) });
  }
  // The same report can be printed more than once (progress, then final); keep each test once.
  return [...new Map(failures.map((f) => [f.name, f])).values()];
}

/** test.mjs's "!! killed after Ns" line, as a failure naming the last test that finished before it; else null. */
export function timedOut(lines) {
  const at = lines.findIndex((l) => l.startsWith('!! killed after'));
  if (at < 0) return null;
  const last = lines
    .slice(0, at)
    .reverse()
    .find((l) => /^\s*(✔|✖|ok \d|not ok \d)/.test(l));
  return { name: `(stage ${lines[at].slice(3)})`, error: last ? `last finished: ${last.trim().slice(0, 140)}` : '' };
}

/** The first non-empty line from `from` on, trimmed and cut to 160 characters. */
function firstErrorLine(lines, from) {
  for (let i = from; i < Math.min(lines.length, from + 5); i++) {
    const t = lines[i].trim();
    if (t) return t.slice(0, 160);
  }
  return '';
}

let current = null;
const busyProcs = [];

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

function stopAll() {
  if (current) killGroup(current, 'SIGTERM');
  for (const p of busyProcs.splice(0)) {
    try {
      p.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}


/** Runs one command in its own process group; its output goes to `logFile` only. Resolves { code, output, ms }. */
function run(command, args, logFile) {
  return new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, STAGE_TIMEOUT_MS: stageTimeoutMs }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    current = child;
    // Written as it comes, so a long stage can be followed with `tail -f`.
    writeFileSync(logFile, '');
    const take = (d) => {
      output += d;
      appendFileSync(logFile, d);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (err) => take(`\n!! could not start ${command}: ${err.message}\n`));
    child.on('close', (code, signal) => {
      current = null;
      resolve({ code: code ?? (signal ? 128 : 1), output, ms: Date.now() - started });
    });
  });
}

const load1 = () => os.loadavg()[0];

/** One stage of one round: test.mjs's counts, the failing tests, duration and load. */
async function runStage(opts, round, stage) {
  const loadStart = load1();
  const logFile = path.join(opts.logDir, `round-${round}-${stage}.log`);
  const r = await run(node, [path.join('scripts', 'test.mjs'), stage], logFile);
  const lines = stripAnsi(r.output).split(/\r?\n/);
  const summary = parseSummary(lines.join('\n'), stage);
  const failures = stage === 'browser' ? wtrFailures(lines) : nodeFailures(lines);
  const killed = timedOut(lines);
  if (killed) failures.push(killed);
  const row = {
    round,
    stage,
    passed: summary?.passed ?? 0,
    // No summary row (test.mjs crashed) or a non-zero exit without a failed test still counts as a failure.
    failed: summary ? Math.max(summary.failed, r.code === 0 ? 0 : 1) : 1,
    status: summary?.status ?? 'CRASHED',
    ms: r.ms,
    loadStart,
    loadEnd: load1(),
    failures,
    log: logFile,
  };
  row.green = r.code === 0 && row.status === 'ok' && row.failed === 0;
  console.log(
    `  round ${round} ${stage.padEnd(7)} ${row.green ? 'green' : 'RED  '} ${row.passed} passed, ${row.failed} failed` +
      ` in ${(row.ms / 1000).toFixed(1)}s, load ${row.loadStart.toFixed(1)}→${row.loadEnd.toFixed(1)}` +
      failures.map((f) => `\n      ✖ ${f.name}${f.error ? `\n        ${f.error}` : ''}`).join(''),
  );
  return row;
}

function printTable(rows) {
  console.log(`\n${'='.repeat(8)} rounds ${'='.repeat(62)}`);
  console.log('  round  stage    result  passed  failed  duration  load 1m (start→end)  failing tests');
  for (const r of rows) {
    const names = r.failures.length ? r.failures.map((f) => f.name).join('; ') : r.green ? '' : `(none named; see ${r.log})`;
    console.log(
      `  ${String(r.round).padStart(5)}  ${r.stage.padEnd(7)}  ${(r.green ? 'green' : 'RED').padEnd(6)}  ${String(r.passed).padStart(6)}  ` +
        `${String(r.failed).padStart(6)}  ${`${(r.ms / 1000).toFixed(1)}s`.padStart(8)}  ` +
        `${`${r.loadStart.toFixed(2)}→${r.loadEnd.toFixed(2)}`.padStart(19)}  ${names}`,
    );
  }
}

async function main() {
  const opts = options();
  for (let i = 0; i < opts.busy; i++) {
    busyProcs.push(spawn(node, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  }
  console.log(
    `${opts.busy} busy process(es) on ${os.availableParallelism()} core(s); ` +
      `${opts.fastStages.join('+') || 'no fast stage'} × ${opts.fastRounds}, e2e × ${opts.e2e ? opts.e2eRounds : 0}; logs in ${opts.logDir}`,
  );
  const rows = [];
  const roundsGreen = (stages) => {
    const rounds = new Map();
    for (const r of rows.filter((row) => stages.includes(row.stage))) rounds.set(r.round, (rounds.get(r.round) ?? true) && r.green);
    return [...rounds.values()].filter(Boolean).length;
  };

  if (opts.fastStages.length) {
    for (let round = 1; round <= opts.fastRounds; round++) {
      for (const stage of opts.fastStages) rows.push(await runStage(opts, round, stage));
    }
  }

  let buildOk = true;
  const e2eRounds = opts.e2e ? opts.e2eRounds : 0;
  if (e2eRounds > 0) {
    console.log('  building (npm run build) for the e2e rounds');
    const b = await run('npm', ['run', '--silent', 'build'], path.join(opts.logDir, 'build.log'));
    buildOk = b.code === 0;
    if (!buildOk) console.log(`  build FAILED (exit ${b.code}); the e2e rounds run anyway, see ${path.join(opts.logDir, 'build.log')}`);
    for (let round = 1; round <= e2eRounds; round++) rows.push(await runStage(opts, round, 'e2e'));
  }

  stopAll();
  writeFileSync(path.join(opts.logDir, 'rounds.json'), JSON.stringify(rows, null, 2));
  printTable(rows);
  const fastN = opts.fastStages.length ? opts.fastRounds : 0;
  const fastGreen = roundsGreen(opts.fastStages);
  const e2eGreen = roundsGreen(['e2e']);
  console.log(`${opts.fastStages.join('+') || 'unit+browser'}: ${fastGreen} of ${fastN} rounds green; e2e: ${e2eGreen} of ${e2eRounds} rounds green`);
  process.exit(fastGreen === fastN && e2eGreen === e2eRounds && buildOk ? 0 : 1);
}

// Run only as a script; importing the file (to check its parsers) starts nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.on('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stopAll();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (err) => {
    console.error(err);
    stopAll();
    process.exit(1);
  });
  main().catch((err) => {
    console.error(err);
    stopAll();
    process.exit(1);
  });
}
