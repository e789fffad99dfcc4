// Runs the code blocks tagged `run`: each must run to completion with tsx, from the packages'
// TypeScript sources (the `@wirecall/source` condition, as the README tells users to run them),
// and exit 0 within a time limit. The vitest test beside this check runs every page's blocks.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeBlocks } from './snippets.mjs';

/** How long a `run` block may take before it counts as hanging (it must exit by itself). */
export const RUN_TIMEOUT_MS = 60_000;

/** Runs a program; resolves with its exit code (or `timeout`) and its output. */
export function runProgram(command, args, cwd, timeoutMs = RUN_TIMEOUT_MS) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal === 'SIGKILL' ? 'timeout' : code, output });
    });
  });
}

/** Runs one module with tsx, from the packages' sources. */
function runModule(file, cwd, timeoutMs) {
  // tsx's loader (the same for `import` and `require`), found from the repository.
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return runProgram(
    process.execPath,
    ['--import', tsx, '--conditions=@wirecall/source', file],
    cwd,
    timeoutMs,
  );
}

/**
 * Extracts the blocks of `page` into `dir` and runs those tagged `run`. Returns what ran and the
 * problems, as `page:line: …` lines with the program's output.
 */
export async function runBlocks(root, page, dir, { timeoutMs = RUN_TIMEOUT_MS } = {}) {
  const { files } = writeBlocks(root, page, dir);
  const ran = [];
  const problems = [];
  for (const block of files.filter(({ run }) => run)) {
    const { code, output } = await runModule(join(dir, block.name), dir, timeoutMs);
    ran.push({ ...block, code, output });
    if (code === 'timeout') {
      problems.push(
        `${page}:${block.line}: ${block.name} did not exit within ${timeoutMs} ms (close what it opens)\n${output}`,
      );
    } else if (code !== 0) {
      problems.push(`${page}:${block.line}: ${block.name} exited with ${code}\n${output}`);
    }
  }
  return { ran, problems };
}
