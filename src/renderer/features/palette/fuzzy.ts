// Fuzzy matching for the command palette: the query's characters in order within the text,
// scored so that prefixes, word starts and runs of adjacent characters rank first. Linear in the
// text, no allocation per character: thousands of entries rank within a frame.

const isBoundary = (text: string, i: number) => {
  if (i === 0) return true;
  const prev = text.charCodeAt(i - 1);
  // after _ - . / space @ : or a digit/letter change counts as a word start
  return (
    prev === 95 ||
    prev === 45 ||
    prev === 46 ||
    prev === 47 ||
    prev === 32 ||
    prev === 64 ||
    prev === 58
  );
};

/** A score (higher is better) or null when the query's characters are not all in order. */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (q.length === 0) return 0;
  const exact = t.indexOf(q);
  if (exact !== -1) return 1000 - exact * 2 + (isBoundary(t, exact) ? 200 : 0) - t.length * 0.1;
  let score = 0;
  let ti = 0;
  let run = 0;
  for (let qi = 0; qi < q.length; qi += 1) {
    const ch = q[qi] as string;
    const found = t.indexOf(ch, ti);
    if (found === -1) return null;
    run = found === ti && qi > 0 ? run + 1 : 0;
    score += 10 + run * 8 + (isBoundary(t, found) ? 12 : 0) - Math.min(found - ti, 10);
    ti = found + 1;
  }
  return score - t.length * 0.1;
}

export interface Ranked<T> {
  item: T;
  score: number;
}

/**
 * The best `limit` items for the query, best first (ties keep the input order). An item is
 * scored on its label; one whose label does not match may still match on its `more` text (a
 * container by its host, say), ranked below every label match.
 */
export function rank<T>(
  items: readonly T[],
  query: string,
  labelOf: (item: T) => string,
  limit: number,
  more?: (item: T) => string,
): Ranked<T>[] {
  const q = query.trim();
  if (!q) return items.slice(0, limit).map((item) => ({ item, score: 0 }));
  const scored: Ranked<T>[] = [];
  for (const item of items) {
    let score = fuzzyScore(q, labelOf(item));
    if (score === null && more) {
      const other = fuzzyScore(q, more(item));
      if (other !== null) score = other - 10_000;
    }
    if (score !== null) scored.push({ item, score });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit);
}
