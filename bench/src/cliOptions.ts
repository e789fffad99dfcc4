/** `--name=value` options of the bench's smaller commands (`pnpm bench` itself has `options.ts`). */

/** The value of `--name=…` on the command line, or undefined when it is not given. */
export function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** `--name=…` as a whole number from 1, or `fallback` when it is not given. */
export function positiveInt(name: string, fallback: number): number {
  const given = option(name);
  const value = given === undefined ? fallback : Number(given);
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new Error(`--${name} takes a whole number from 1`);
  }
  return value;
}
