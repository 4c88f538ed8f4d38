/**
 * `wildcard` matching (EventBridge User Guide, "Content filtering in Amazon EventBridge event patterns": wildcard
 * matching): `*` stands for any run of characters, `\*` and `\\` are literal. Compiled into literal segments and
 * matched left to right with indexOf, each segment at its leftmost position: no regex, no backtracking, so an
 * event's value costs at most one scan per segment whatever the pattern's author or the event's sender chose.
 */

export interface Wildcard {
  /** The literal runs between `*`s: first anchors the start, last the end (a lone run must equal the value). */
  segments: string[];
}

/** AWS refuses consecutive `*` ("Consecutive wildcard characters are not allowed"); undefined = valid, else the reason. */
export function compileWildcard(text: string): Wildcard | string {
  const segments: string[] = [];
  let run = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') return `Invalid escape character at pos ${i}`;
      run += next;
      i++;
    } else if (c === '*') {
      if (text[i + 1] === '*') return `Consecutive wildcard characters at pos ${i + 1}`;
      segments.push(run);
      run = '';
    } else {
      run += c;
    }
  }
  segments.push(run);
  return { segments };
}

export function matchWildcard(w: Wildcard, value: string): boolean {
  const { segments } = w;
  if (segments.length === 1) return value === segments[0];
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const s = segments[i]!;
    const found = value.indexOf(s, at);
    if (found < 0 || found + s.length > end) return false;
    at = found + s.length;
  }
  return true;
}
