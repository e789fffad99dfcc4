// The shared conformance suite against a Durable Object in a real workerd (miniflare), over
// hibernatable WebSockets. A workerd that cannot start fails every case: nothing is skipped but
// the two cases below, which exercise what a Durable Object deliberately does not have.
import { describeConformance } from '@wirecall/test-utils/conformance';
import { roomsTarget } from './roomsWorker.js';

describeConformance('WirecallDurableObject in workerd', roomsTarget(), {
  notApplicable: {
    'stops producing for a stalled socket: the server buffers about its high-water mark, not the window':
      'workerd has no bufferedAmount (workerd #988): flow control is credits only',
    "keeps a quiet client that answers the server's pings, and drops one that does not":
      'the server sends no pings: a timer would keep the object from hibernating; client pings are answered by setWebSocketAutoResponse',
  },
});
