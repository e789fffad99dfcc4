import { MemoryPresenceRooms, memoryPresence } from '@wirecall/server';
import { presenceStoreSuite } from '@wirecall/test-utils';

presenceStoreSuite('memory', async () => {
  const rooms = new MemoryPresenceRooms();
  return { a: memoryPresence({ rooms }), b: memoryPresence({ rooms }) };
});
