import type { Tag } from '../../../protocol/generated/cloudhsmv2.js';
import type { Repositories } from '../../../storage/ports.js';
import { limitExceeded, tagError } from '../errors.js';

/** Rules the model cannot express: reserved prefix, duplicate keys. */
export function checkTagList(tags: Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:'))
      throw tagError(`Tag key '${t.Key}' is invalid: keys starting with 'aws:' are reserved for AWS use.`);
    if (seen.has(t.Key)) throw tagError(`Duplicate tag key '${t.Key}' in TagList.`);
    seen.add(t.Key);
  }
}

export function checkTagKeys(keys: string[]): void {
  for (const k of keys)
    if (k.toLowerCase().startsWith('aws:'))
      throw tagError(`Tag key '${k}' is invalid: keys starting with 'aws:' are reserved for AWS use.`);
}

/** TagResource semantics: existing keys are overwritten; the total may not exceed the quota. */
export async function putTags(tx: Repositories, resourceId: string, tags: Tag[], maxTags: number): Promise<void> {
  checkTagList(tags);
  const existing = new Set((await tx.cloudhsmTags.of(resourceId)).map((t) => t.Key));
  const total = existing.size + tags.filter((t) => !existing.has(t.Key)).length;
  if (total > maxTags)
    throw limitExceeded(`Resource '${resourceId}' would have ${total} tags; a resource can have at most ${maxTags} tags.`);
  await tx.cloudhsmTags.put(resourceId, tags);
}
