import { aws } from '../../api';

/** Every page of an IAM List* call (Marker/IsTruncated). */
export async function listAll<T>(op: string, key: string, input: object = {}): Promise<T[]> {
  const out: T[] = [];
  let Marker: string | undefined;
  do {
    const page = await aws<Record<string, unknown> & { Marker?: string; IsTruncated?: boolean }>('iam', op, { ...input, Marker });
    out.push(...((page[key] as T[]) ?? []));
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return out;
}

/** IAM answers policy documents URL-encoded (RFC 3986); shown pretty-printed. */
export function policyText(encoded: string | undefined): string {
  if (!encoded) return '';
  const raw = decodeURIComponent(encoded);
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
