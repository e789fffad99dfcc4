import { type ChaosFigures, runCutChaos, runKillChaos } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

const MB = 1024 * 1024;

function expectClean(figures: ChaosFigures): void {
  expect(figures.eventsLost).toBe(0);
  expect(figures.eventsDuplicated).toBe(0);
  expect(figures.eventsOutOfOrder).toBe(0);
  expect(figures.eventsDelivered).toBe(figures.eventsExpected);
  expect(figures.callsWrong).toBe(0);
  expect(figures.unhandledRejections).toBe(0);
  // Back near the baseline: what the run held is released (a few MB of slack for the GC).
  expect(figures.heapEndBytes - figures.heapBaselineBytes).toBeLessThan(16 * MB);
}

describe('chaos', () => {
  it('rides through 25 random cuts: no event lost or repeated, every mutation run once', async () => {
    const figures = await runCutChaos({ clients: 4, cuts: 25 });
    console.info('cut chaos', figures);
    expectClean(figures);
    expect(figures.disruptions).toBe(25);
    expect(figures.callsOk).toBe(figures.calls);
    expect(figures.callsTypedErrors).toBe(0);
    expect(figures.mutations).toBeGreaterThan(0);
    expect(figures.mutationRuns).toBe(figures.mutations);
  }, 60_000);

  it('rides through 5 server kills: the tracked stream resumes exactly, every call settles', async () => {
    const figures = await runKillChaos({ clients: 2, kills: 5 });
    console.info('kill chaos', figures);
    expectClean(figures);
    expect(figures.disruptions).toBe(5);
    expect(figures.callsOk + figures.callsTypedErrors).toBe(figures.calls);
    // The in-memory pub/sub died with the first process: its subscribers are told, not skipped.
    expect(figures.resumeGaps).toBe(figures.clients);
  }, 60_000);
});
