/**
 * Nesting limits for client documents, checked on the raw text before anything parses or walks it, so
 * that no parser, decoder or audit walker meets a document deep enough to exhaust its stack.
 * AWS publishes no nesting limit for request documents. hsmtrail's choice: 64 levels, several times the
 * depth of the deepest request shape of any hosted model (S3 lifecycle rules: about 6).
 */
export const MAX_NESTING_DEPTH = 64;

/** Whether JSON text nests objects/arrays deeper than `max`; brackets inside strings do not count. */
export function jsonNestingExceeds(text: string, max = MAX_NESTING_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * Whether XML text nests elements deeper than `max`. Counts start tags (`<a>`) and end tags (`</a>`),
 * ignoring self-closing tags, declarations, comments and CDATA; the document's well-formedness is
 * checked separately.
 */
export function xmlNestingExceeds(text: string, max = MAX_NESTING_DEPTH): boolean {
  let depth = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 0x2f /* / */) {
      depth--;
      continue;
    }
    if (next === 0x3f /* ? */ || next === 0x21 /* ! */) {
      i = skipMarkup(text, i);
      continue;
    }
    const end = text.indexOf('>', i);
    if (end === -1) return false;
    if (text.charCodeAt(end - 1) !== 0x2f && ++depth > max) return true;
    i = end;
  }
  return false;
}

/** The index of the end of a comment, CDATA section, declaration or processing instruction at `i`. */
function skipMarkup(text: string, i: number): number {
  const close = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : '>';
  const end = text.indexOf(close, i);
  return end === -1 ? text.length : end;
}
