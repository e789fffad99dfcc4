import { defineContract } from '@wirecall/core';
import { generateDocs } from '@wirecall/docs';
import { presenceContract } from '@wirecall/test-utils';
import { describe, expect, it } from 'vitest';

describe('generateDocs with presence procedures', () => {
  const docs = generateDocs(defineContract({ ...presenceContract }), { title: 'Rooms' });

  it('documents a presence with its state and a join snippet, in Markdown and HTML', () => {
    expect(docs.markdown).toContain('### `chat.online` · presence');
    expect(docs.markdown).toContain('State');
    expect(docs.markdown).toContain('typing');
    expect(docs.markdown).toContain('client.chat.online.join(');
    expect(docs.html).toContain('chat.online');
  });

  it('describes a presence in AsyncAPI as the subscription it rides on', () => {
    expect(Object.keys(docs.asyncapi.operations ?? {})).toContain('chat.online.subscribe');
  });
});
