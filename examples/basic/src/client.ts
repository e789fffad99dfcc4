import { createClient, isRpcError } from '@wirecall/client';
import { api } from './contract.js';

/** Runs the example client against a server at `url`, printing what happens. */
export async function runExampleClient(url: string, print: (line: string) => void = console.log) {
  const client = createClient(api, { url, params: { user: 'ada' } });
  try {
    print(await client.greet({ name: 'Ada' }));

    const received = new Promise<void>((resolve) => {
      const sub = client.chat.messages.subscribe(
        { room: 'general' },
        {
          onData: (message) => {
            print(`[general] #${message.id} ${message.text}`);
            if (message.text.endsWith('bye')) {
              sub.unsubscribe();
              resolve();
            }
          },
        },
      );
    });
    // Calls and the subscription share one WebSocket.
    await client.chat.send({ room: 'general', text: 'hi everyone' });
    await client.chat.send({ room: 'general', text: 'bye' });
    await received;

    try {
      await client.chat.send({ room: 'archive', text: 'anyone?' });
    } catch (error) {
      if (isRpcError(error, 'ROOM_CLOSED', client.chat.send))
        print(`typed error: room "${error.data.room}" is closed`);
    }
    try {
      await client.chat.send({ room: 'general', text: '' });
    } catch (error) {
      if (isRpcError(error, 'BAD_INPUT')) print(`typed error: ${error.message}`);
    }
  } finally {
    client.close();
  }
}

if (process.argv[1]?.endsWith('client.ts')) {
  await runExampleClient(process.argv[2] ?? 'ws://127.0.0.1:8080');
}
