// A web-test-runner reporter that only counts: when WTR_COUNTS_FILE is set, it writes
// { passed, failed, skipped, files, failedFiles } there at the end of the run, for scripts/test.mjs.
// A test file that failed without any failed test (it did not load, threw outside a test, timed out, or
// logged an uncaught error) counts as one failed test.
import { writeFileSync } from 'node:fs';

function countResults(results, counts) {
  if (!results) return;
  for (const test of results.tests ?? []) {
    if (test.skipped) counts.skipped++;
    else if (test.passed) counts.passed++;
    else counts.failed++;
  }
  for (const suite of results.suites ?? []) countResults(suite, counts);
}

export function countsReporter({ file = process.env.WTR_COUNTS_FILE } = {}) {
  return {
    onTestRunFinished({ sessions }) {
      if (!file) return;
      const total = { passed: 0, failed: 0, skipped: 0, files: sessions.length, failedFiles: [] };
      for (const session of sessions) {
        const counts = { passed: 0, failed: 0, skipped: 0 };
        countResults(session.testResults, counts);
        if (!session.passed) {
          total.failedFiles.push(session.testFile);
          if (counts.failed === 0) counts.failed = 1;
        }
        total.passed += counts.passed;
        total.failed += counts.failed;
        total.skipped += counts.skipped;
      }
      writeFileSync(file, JSON.stringify(total));
    },
  };
}
