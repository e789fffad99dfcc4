// The client probe as a Worker: `GET /?url=<ws-url>` runs it inside workerd against that
// conformance server, with the client's default WebSocket (the global one, in a Worker bundle),
// and answers with the result as JSON.
import { runClientProbe } from './clientProbe.js';

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url).searchParams.get('url');
    if (!url) return new Response('missing ?url=', { status: 400 });
    try {
      return Response.json({ byDefault: await runClientProbe(url) });
    } catch (error) {
      return new Response(String((error as Error)?.stack ?? error), { status: 500 });
    }
  },
};
