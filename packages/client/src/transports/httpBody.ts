import type { HelloMessage } from '@wirecall/core';

/** The headers every request carries: the protocol, and `hello`'s session and params. */
export function headersOf(hello: HelloMessage): Record<string, string> {
  return {
    'wirecall-protocol': 'wirecall.v1',
    ...(hello.session === undefined ? {} : { 'wirecall-session': hello.session }),
    ...(hello.params === undefined
      ? {}
      : { 'wirecall-params': encodeURIComponent(JSON.stringify(hello.params)) }),
  };
}

/** Hands the text of a body to `onText` chunk by chunk as it arrives. */
export async function readText(response: Response, onText: (text: string) => void): Promise<void> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onText(decoder.decode(value, { stream: true }));
  }
}

/** Hands each line of an NDJSON body to `onLine` as it arrives. */
export async function readLines(response: Response, onLine: (line: string) => void): Promise<void> {
  let buffer = '';
  await readText(response, (text) => {
    buffer += text;
    let end = buffer.indexOf('\n');
    while (end >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      if (line.length > 0) onLine(line);
      end = buffer.indexOf('\n');
    }
  });
}
