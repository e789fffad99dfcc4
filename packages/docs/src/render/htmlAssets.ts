/** The page's whole stylesheet, inlined so the page works offline and as a single file. */
export const PAGE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --code: #f6f8fa; --accent: #0969da; --string: #0a3069; --comment: #6e7781;
  --query: #0969da; --mutation: #bc4c00; --subscription: #8250df; --warn-bg: #fff8c5; --warn: #9a6700;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #151b23;
    --code: #151b23; --accent: #4493f8; --string: #a5d6ff; --comment: #8b949e;
    --query: #4493f8; --mutation: #f0883e; --subscription: #ab7df8; --warn-bg: #3b2e05; --warn: #e3b341;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { scroll-padding-top: 1rem; }
body {
  margin: 0; display: grid; grid-template-columns: 18rem minmax(0, 1fr); min-height: 100vh;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg);
}
.sidebar {
  position: sticky; top: 0; height: 100vh; overflow-y: auto; padding: 1rem;
  border-right: 1px solid var(--line); background: var(--panel);
}
.brand { font-weight: 700; font-size: 1.05rem; margin-bottom: .75rem; overflow-wrap: anywhere; }
.brand .version { font-weight: 400; color: var(--muted); font-size: .85rem; }
#filter {
  width: 100%; padding: .45rem .6rem; border: 1px solid var(--line); border-radius: 6px;
  background: var(--bg); color: var(--fg); font: inherit;
}
.sidebar nav { margin-top: .75rem; }
.nav-namespace { margin: .8rem 0 .25rem; font-size: .8rem; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar li a { display: flex; gap: .4rem; align-items: center; padding: .15rem .3rem; border-radius: 4px; color: var(--fg); text-decoration: none; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; overflow-wrap: anywhere; }
.sidebar li a:hover { background: var(--line); }
main { padding: 1.5rem 2.5rem 4rem; max-width: 70rem; }
h1 { margin: 0 0 .25rem; }
h2 { margin: 2.5rem 0 .5rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
h3 { margin: 0 0 .5rem; display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
h3 a { color: inherit; text-decoration: none; }
h4 { margin: 1.1rem 0 .35rem; font-size: .95rem; }
.meta, .muted { color: var(--muted); }
.procedure { margin: 1.25rem 0; padding: 1.1rem 1.25rem; border: 1px solid var(--line); border-radius: 8px; }
.procedure:target { outline: 2px solid var(--accent); }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: 999px; font: 600 .72rem/1.5 system-ui, sans-serif; color: #fff; text-transform: lowercase; }
.badge-short { padding: 0; width: 1.2rem; text-align: center; text-transform: uppercase; }
.badge-query { background: var(--query); }
.badge-mutation { background: var(--mutation); }
.badge-subscription { background: var(--subscription); }
pre { margin: .35rem 0; padding: .75rem .9rem; overflow-x: auto; border-radius: 6px; background: var(--code); border: 1px solid var(--line); font: .85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.s { color: var(--string); }
.c { color: var(--comment); font-style: italic; }
.c.warn, .warn-text { color: var(--warn); font-style: normal; font-weight: 600; }
details > summary { cursor: pointer; color: var(--muted); font-size: .85rem; }
.warning { margin: .6rem 0; padding: .6rem .8rem; border-radius: 6px; background: var(--warn-bg); color: var(--fg); border: 1px solid var(--warn); }
.warning ul { margin: .3rem 0 0; padding-left: 1.2rem; }
.flow { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .3rem 0; }
.flow dt { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.flow dd { margin: 0; }
.error-code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
.description { white-space: pre-line; }
@media (max-width: 800px) {
  body { grid-template-columns: 1fr; }
  .sidebar { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--line); }
  main { padding: 1rem; }
}
`;

/**
 * The page's whole script: the filter box (every whitespace-separated word must appear in a
 * procedure's path, kind, description or error codes) and `/` to focus it. No user data inside.
 */
export const PAGE_SCRIPT = `
(() => {
  const input = document.getElementById('filter');
  const items = [...document.querySelectorAll('[data-search]')];
  const groups = [...document.querySelectorAll('[data-namespace]')];
  const noMatch = document.getElementById('no-match');
  const apply = () => {
    const terms = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const match = terms.every((term) => item.dataset.search.includes(term));
      item.hidden = !match;
      if (match && item.classList.contains('procedure')) shown++;
    }
    for (const group of groups) group.hidden = !group.querySelector('[data-search]:not([hidden])');
    noMatch.hidden = shown > 0;
    noMatch.querySelector('span').textContent = input.value;
  };
  input.addEventListener('input', apply);
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    } else if (event.key === 'Escape' && document.activeElement === input) {
      input.value = '';
      apply();
    }
  });
  if (input.value) apply();
})();
`;
