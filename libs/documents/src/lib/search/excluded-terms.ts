/**
 * The words and "phrases" a websearch query excludes (`-draft`, `-"old price"`),
 * so the vector half of a hybrid search honours them as the full-text half does.
 */
export function excludedTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of query.matchAll(/(?:^|\s)-("[^"]+"|[^\s"]+)/g)) {
    const term = match[1].trim();
    if (term.length > 0 && term !== '"') terms.push(term);
  }
  return terms;
}
