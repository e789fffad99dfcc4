import { it as vitestIt } from 'vitest';

/** The cases the suite being registered does not apply to, by title, with why. */
let notApplicable: Readonly<Record<string, string>> = {};

/**
 * Registers the cases of `register` with the cases named in `skipped` marked as not applicable
 * (skipped, their reason in the title): for a transport that lacks what a case exercises.
 */
export function withNotApplicable(skipped: Readonly<Record<string, string>>, register: () => void) {
  notApplicable = skipped;
  try {
    register();
  } finally {
    notApplicable = {};
  }
}

/** `it` of the conformance cases: skips, saying why, a case its target does not apply to. */
export function it(name: string, test: () => Promise<void>): void {
  const why = notApplicable[name];
  if (why === undefined) vitestIt(name, test);
  else vitestIt.skip(`${name} (not applicable: ${why})`, test);
}
