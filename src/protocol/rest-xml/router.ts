/**
 * Routes a REST request to its operation by method + requestUri pattern. `{Bucket}` matches one path segment,
 * `{Key+}` the non-empty rest; literal query keys (`?uploads`, `?list-type=2`) and required querystring/header
 * members must be present. The most specific matching route wins (UploadPartCopy over UploadPart over CopyObject
 * over PutObject). Routes are compiled once per model.
 */
import type { OperationModel, ServiceModel } from '../model.js';

interface Segment {
  literal?: string;
  label?: string;
  greedy?: boolean;
}

export interface Route {
  op: OperationModel;
  segments: Segment[];
  /** [key, value] pairs; value undefined when only the key's presence is required. */
  queryLiterals: [string, string | undefined][];
  requiredQuery: string[];
  requiredHeaders: string[];
  score: number;
}

export interface RouteMatch {
  route: Route;
  labels: Record<string, string>;
}

/** SDKs add `x-id=GetObject` for caching proxies; other clients don't, so it never decides a route. */
const IGNORED_QUERY_LITERALS = new Set(['x-id']);

export function compileRoutes(model: ServiceModel): Map<string, Route[]> {
  const byMethod = new Map<string, Route[]>();
  for (const op of Object.values(model.operations)) {
    const route = compileRoute(model, op);
    const list = byMethod.get(op.http.method) ?? [];
    list.push(route);
    byMethod.set(op.http.method, list);
  }
  for (const list of byMethod.values()) list.sort((a, b) => b.score - a.score);
  return byMethod;
}

function compileRoute(model: ServiceModel, op: OperationModel): Route {
  const [path, qs = ''] = op.http.requestUri.split('?');
  const segments: Segment[] = path
    .split('/')
    .slice(1)
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^\{([^}+]+)(\+?)\}$/.exec(s);
      return m ? { label: m[1], greedy: m[2] === '+' } : { literal: s };
    });
  const queryLiterals = qs
    .split('&')
    .filter((p) => p !== '')
    .map((p): [string, string | undefined] => {
      const i = p.indexOf('=');
      return i === -1 ? [p, undefined] : [p.slice(0, i), p.slice(i + 1)];
    })
    .filter(([k]) => !IGNORED_QUERY_LITERALS.has(k));
  const input = op.input ? model.shapes[op.input] : undefined;
  const required = new Set(input?.required ?? []);
  const requiredQuery: string[] = [];
  const requiredHeaders: string[] = [];
  for (const [name, ref] of Object.entries(input?.members ?? {})) {
    if (!required.has(name) || !ref.locationName) continue;
    if (ref.location === 'querystring') requiredQuery.push(ref.locationName);
    if (ref.location === 'header') requiredHeaders.push(ref.locationName.toLowerCase());
  }
  const score = queryLiterals.length * 10 + requiredQuery.length + requiredHeaders.length;
  return { op, segments, queryLiterals, requiredQuery, requiredHeaders, score };
}

export function matchRoute(
  routes: Route[],
  pathParts: string[],
  query: URLSearchParams,
  headers: Record<string, string>,
): RouteMatch | undefined {
  for (const route of routes) {
    const labels = matchPath(route.segments, pathParts);
    if (!labels) continue;
    if (!route.queryLiterals.every(([k, v]) => (v === undefined ? query.has(k) : query.get(k) === v))) continue;
    if (!route.requiredQuery.every((k) => query.has(k))) continue;
    if (!route.requiredHeaders.every((h) => headers[h] !== undefined)) continue;
    return { route, labels };
  }
  return undefined;
}

/** Raw (still percent-encoded) label values, or undefined when the path does not fit. */
function matchPath(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.greedy) {
      const rest = parts.slice(i).join('/');
      if (rest === '') return undefined;
      labels[seg.label!] = rest;
      return labels;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (seg.label) labels[seg.label] = part;
    else if (seg.literal !== part) return undefined;
  }
  // A trailing slash (`PUT /bucket/`) still addresses the bucket.
  const extra = parts.length - segments.length;
  return extra === 0 || (extra === 1 && parts[parts.length - 1] === '') ? labels : undefined;
}
