// Runs the whole vitest suite and ends with one plain summary line, "N passed, N failed, N skipped",
// so CI logs say what ran even when vitest's own summary scrolls by.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const output = 'test-results/vitest.json';
const run = spawnSync(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${output}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
try {
  const report = JSON.parse(readFileSync(output, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(
    `\nTests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`,
  );
  if (report.numTotalTests === 0) {
    console.error('No test ran.');
    process.exit(1);
  }
} catch {
  console.error('vitest wrote no report');
  process.exit(run.status || 1);
}
process.exit(run.status ?? 1);
