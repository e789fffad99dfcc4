// The conformance suite against servers in child processes of other runtimes, the way every
// runtime target runs: a script prints `LISTENING <url>`, the suite drives it over loopback.
import { describeConformance } from '@wirecall/test-utils/conformance';
import { listenServerScript, processTarget } from '@wirecall/test-utils/runtimes';

// Node's adapter (`ws` on node:http) under Bun's and Deno's Node compatibility: what their users
// get before the native adapters (`@wirecall/server/bun`, `/deno`) land.
describeConformance('server.listen in a Bun process', processTarget('bun', listenServerScript()));
describeConformance('server.listen in a Deno process', processTarget('deno', listenServerScript()));
