// `pnpm check:any`: fails when a package's built declarations (`packages/*/dist/**/*.d.ts`, the
// types users get) contain `any`, which would turn off checking wherever it reaches a user's code.
// Run after `pnpm build`; comments do not count, only the type keyword.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ts = createRequire(import.meta.url)('typescript');

function declarations(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) declarations(path, out);
    else if (/\.d\.(c|m)?ts$/.test(name)) out.push(path);
  }
  return out;
}

const found = [];
let files = 0;
for (const pkg of readdirSync('packages')) {
  const dist = join('packages', pkg, 'dist');
  if (!existsSync(dist)) continue;
  for (const file of declarations(dist)) {
    files++;
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (node.kind === ts.SyntaxKind.AnyKeyword) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${file}:${line + 1}: ${text.split('\n')[line]?.trim()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}
if (files === 0) {
  console.error('check:any: no built declarations under packages/*/dist; run `pnpm build` first');
  process.exit(1);
}
if (found.length > 0) {
  console.error(
    `Public types must not contain \`any\` (${found.length} found):\n${found.join('\n')}`,
  );
  process.exit(1);
}
console.log(`Types: no \`any\` in the ${files} built declaration files of the packages.`);
