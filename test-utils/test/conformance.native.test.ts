// The conformance suite against each runtime's native adapter, in a real process of that runtime:
// `bunHandler` on `Bun.serve` in `bun`, `denoHandler` on `Deno.serve` in `deno`. A runtime that
// cannot start fails every case (processTarget throws), it never skips.
import { describeConformance } from '@wirecall/test-utils/conformance';
import { nativeServerScript, processTarget } from '@wirecall/test-utils/runtimes';

describeConformance('bunHandler in a Bun process', processTarget('bun', nativeServerScript('bun')));
describeConformance(
  'denoHandler in a Deno process',
  processTarget('deno', nativeServerScript('deno')),
);
