import { useCallback, useEffect, useState } from 'react';
import type { PaginationProps } from '@cloudscape-design/components/pagination';
import { useLoad } from './useAws';

/** One page of a NextToken-paged AWS list. */
export interface TokenPage<T> {
  items: T[];
  next?: string;
}

interface Position {
  deps: unknown[];
  page: number;
  /** tokens[n - 1] fetches page n; undefined at 0 is the first page, at the end "no next page". */
  tokens: (string | undefined)[];
}

const sameDeps = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/**
 * Server-side pages the way the AWS console pages: one page is fetched and shown, the next page is open-ended
 * (known only once this page's NextToken arrives), and the tokens of pages seen are kept so the user can go
 * back. A change of `deps` (the query) starts again at page 1. `poll` re-fetches only the page shown.
 */
export function useTokenPages<T>(
  fetchPage: (token: string | undefined) => Promise<TokenPage<T>>,
  deps: unknown[],
  opts: { pollMs?: number; poll?: (items: T[]) => boolean } = {},
) {
  const [at, setAt] = useState<Position>({ deps, page: 1, tokens: [undefined] });
  // A new query resets the position during this render, so the first fetch is already page 1 of it.
  const changed = !sameDeps(at.deps, deps);
  const view: Position = changed ? { deps, page: 1, tokens: [undefined] } : at;
  if (changed) setAt(view);
  const token = view.tokens[view.page - 1];
  const { poll } = opts;
  const pollPage = useCallback((v: TokenPage<T>) => poll?.(v.items) ?? false, [poll]);
  const { value, error, loading, reload } = useLoad(() => fetchPage(token), [...deps, view.page, token], {
    pollMs: opts.pollMs,
    poll: pollPage,
  });
  useEffect(() => {
    if (!value) return;
    // A page whose NextToken changed (its last row went away) invalidates the tokens of the pages after it.
    setAt((a) => (a.tokens[a.page] === value.next ? a : { ...a, tokens: [...a.tokens.slice(0, a.page), value.next] }));
  }, [value]);
  const hasNext = view.tokens[view.page] !== undefined;
  // Pages reachable through a known token; open-ended while the furthest page seen had a NextToken.
  const known = 1 + view.tokens.slice(1).filter((t) => t !== undefined).length;
  const pagination: PaginationProps = {
    currentPageIndex: view.page,
    pagesCount: Math.max(view.page, known),
    openEnd: view.tokens.length > 1 && view.tokens.at(-1) !== undefined,
    onChange: ({ detail }) =>
      setAt((a) =>
        detail.currentPageIndex === 1 || a.tokens[detail.currentPageIndex - 1] !== undefined ? { ...a, page: detail.currentPageIndex } : a,
      ),
  };
  return { items: value?.items ?? [], loaded: value !== undefined, error, loading, reload, page: view.page, hasNext, pagination };
}
