// Every guide is in the typedoc navigation exactly once.

/**
 * Problems with typedoc's `projectDocuments`: a guide missing, listed more than once (by name or
 * through a pattern), or an entry that is no guide.
 * @param {{ projectDocuments?: string[] }} config typedoc.json
 * @param {string[]} guides the guides, as `docs/NAME.md`
 */
export function navigationProblems(config, guides, file = 'typedoc.json') {
  const entries = config.projectDocuments ?? [];
  const problems = [];
  for (const entry of entries) {
    if (/[*?[{]/.test(entry)) {
      problems.push(
        `${file}: projectDocuments entry "${entry}" is a pattern; list each guide once by name, in reading order`,
      );
    } else if (!guides.includes(entry.replace(/^\.\//, ''))) {
      problems.push(`${file}: projectDocuments lists "${entry}", which is not a guide`);
    }
  }
  for (const guide of guides) {
    const count = entries.filter((entry) => entry.replace(/^\.\//, '') === guide).length;
    if (count === 0) problems.push(`${file}: guide ${guide} is not in projectDocuments`);
    if (count > 1) problems.push(`${file}: guide ${guide} is in projectDocuments ${count} times`);
  }
  return problems;
}
