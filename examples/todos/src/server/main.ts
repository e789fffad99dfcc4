import { fileURLToPath } from 'node:url';
import { createTodoServer } from './createTodoServer.js';

const server = createTodoServer(fileURLToPath(new URL('../../dist', import.meta.url)));
const port = await server.listen(Number(process.env.PORT ?? 3000));
console.log(`Todos on http://127.0.0.1:${port} (open it in two tabs)`);
