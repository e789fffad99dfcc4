// The long chaos run: many more cuts and server kills than the CI test, with figures printed.
// Usage: pnpm chaos [--cuts 150] [--kills 100] [--clients 8]
import { parseArgs } from 'node:util';
import { type ChaosFigures, runCutChaos, runKillChaos } from '@wirecall/test-utils';

const { values } = parseArgs({
  options: {
    cuts: { type: 'string', default: '150' },
    kills: { type: 'string', default: '100' },
    clients: { type: 'string', default: '8' },
  },
});
const cuts = Number(values.cuts);
const kills = Number(values.kills);
const clients = Number(values.clients);

function report(title: string, figures: ChaosFigures & { resumeGaps?: number }): boolean {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`\n${title}`);
  console.log(
    `  disruptions      ${figures.disruptions} in ${(figures.durationMs / 1000).toFixed(1)} s`,
  );
  console.log(`  clients          ${figures.clients}`);
  console.log(
    `  tracked events   ${figures.eventsDelivered}/${figures.eventsExpected} delivered, ` +
      `${figures.eventsLost} lost, ${figures.eventsDuplicated} duplicated, ${figures.eventsOutOfOrder} out of order`,
  );
  console.log(
    `  calls            ${figures.calls}: ${figures.callsOk} ok, ${figures.callsTypedErrors} typed errors, ${figures.callsWrong} wrong`,
  );
  console.log(
    `  mutations        ${figures.mutations}` +
      (figures.mutationRuns === undefined ? '' : `, handler ran ${figures.mutationRuns} times`),
  );
  if (figures.resumeGaps !== undefined)
    console.log(`  RESUME_GAP       ${figures.resumeGaps} pub/sub subscribers told`);
  console.log(`  unhandled        ${figures.unhandledRejections} rejections`);
  console.log(
    `  client heap      ${mb(figures.heapBaselineBytes)} → ${mb(figures.heapEndBytes)} after GC`,
  );
  return (
    figures.eventsLost === 0 &&
    figures.eventsDuplicated === 0 &&
    figures.eventsOutOfOrder === 0 &&
    figures.callsWrong === 0 &&
    figures.unhandledRejections === 0 &&
    (figures.mutationRuns === undefined || figures.mutationRuns === figures.mutations)
  );
}

const cutOk = report(
  `Proxy cuts (server process up)`,
  await runCutChaos({ clients, cuts, streamLength: 3_000 }),
);
const killOk = report(
  `Server process kills (SIGKILL + restart)`,
  await runKillChaos({ clients: Math.max(2, clients / 2), kills, eventsBetweenKills: 10 }),
);
if (!cutOk || !killOk) {
  console.error('\nChaos run FAILED');
  process.exit(1);
}
console.log('\nChaos run passed');
