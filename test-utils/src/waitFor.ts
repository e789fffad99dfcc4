/** Polls `check` until it returns true (or stops throwing), failing after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | undefined,
  { timeoutMs = 5_000, intervalMs = 5 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (check() !== false) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw lastError ?? new Error(`Condition not met within ${timeoutMs} ms`);
}
