/**
 * Compatibility date of every Worker the tests run in workerd: a fixed one, so that updating
 * workerd changes no behaviour under test. No imports: the root Vitest config reads it too.
 */
export const WORKER_COMPATIBILITY_DATE = '2026-04-01';
