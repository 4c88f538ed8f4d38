/**
 * EC2's Filter.N.Name / Filter.N.Value.M semantics: values of one filter are OR-ed, filters are AND-ed,
 * values may use `*` and `?` wildcards, and `tag:<key>`, `tag-key`, `tag-value` work on every resource.
 */
import { ServiceError } from '../../errors/service-error.js';
import type { Filter, Tag } from '../../protocol/generated/ec2.js';

/** Each filterable resource exposes its filter names → values. */
export type Facets = Record<string, Array<string | undefined>>;

const globCache = new Map<string, RegExp>();

function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`);
    globCache.set(pattern, re);
  }
  return re;
}

export function tagFacets(tags: Tag[]): Facets {
  const facets: Facets = { 'tag-key': tags.map((t) => t.Key), 'tag-value': tags.map((t) => t.Value) };
  for (const t of tags) facets[`tag:${t.Key}`] = [t.Value];
  return facets;
}

/** Throws EC2's InvalidParameterValue for filter names the resource type does not know. */
export function checkFilterNames(filters: Filter[] | undefined, known: readonly string[]): void {
  for (const f of filters ?? []) {
    const name = f.Name ?? '';
    if (!known.includes(name) && !name.startsWith('tag:')) {
      throw new ServiceError('InvalidParameterValue', `The filter '${name}' is invalid`);
    }
  }
}

export function matchesFilters(facets: Facets, filters: Filter[] | undefined): boolean {
  return (filters ?? []).every((f) => {
    const have = (facets[f.Name ?? ''] ?? []).filter((v): v is string => v !== undefined);
    return (f.Values ?? []).some((want) => have.some((v) => glob(want).test(v)));
  });
}

/** EC2 pagination by resource id: NextToken is the base64 of the last id returned. */
export function paginate<T>(items: T[], idOf: (t: T) => string, maxResults?: number, nextToken?: string): { page: T[]; next?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const after = Buffer.from(nextToken, 'base64url').toString('utf8');
    if (!after || nextToken.length > 1024) throw new ServiceError('InvalidParameterValue', `Invalid value '${nextToken}' for NextToken`);
    start = items.findIndex((t) => idOf(t) > after);
    if (start < 0) start = items.length;
  }
  const limit = maxResults ?? items.length;
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return { page, next: more && page.length > 0 ? Buffer.from(idOf(page[page.length - 1]!)).toString('base64url') : undefined };
}

/** Ids asked for explicitly must all exist, or EC2 answers `<Kind>.NotFound`. */
export function requireIds(asked: string[] | undefined, found: Set<string>, code: string, noun: string): void {
  const missing = (asked ?? []).filter((id) => !found.has(id));
  if (missing.length > 0) {
    const list = missing.map((m) => `'${m}'`).join(', ');
    throw new ServiceError(
      code,
      `The ${noun} ${missing.length > 1 ? 'IDs' : 'ID'} ${list} ${missing.length > 1 ? 'do' : 'does'} not exist`,
    );
  }
}
