// A typedoc plugin: each guide in `projectDocuments` is titled by its first `# ` heading, as on
// GitHub, instead of by its file name (typedoc's default without a `title` front matter, which the
// guides do not carry: Biome's Markdown formatter does not keep it).
import { Converter } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    const first = document.content.find((part) => part.kind === 'text' && part.text.trim());
    const heading = first && /^#\s+(.+)$/m.exec(first.text.trimStart().split('\n')[0]);
    if (heading) document.name = heading[1].trim();
  });
}
