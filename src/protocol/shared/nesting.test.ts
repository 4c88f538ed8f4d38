import { describe, expect, it } from 'vitest';
import { jsonNestingExceeds, xmlNestingExceeds } from './nesting.js';

describe('jsonNestingExceeds', () => {
  it.each([
    ['{}', 1, false],
    ['{"a":{}}', 1, true],
    ['[[[]]]', 3, false],
    ['[[[[]]]]', 3, true],
    ['{"a":"[[[[[[[["}', 1, false],
    ['{"a":"\\"[[[[[["}', 1, false],
    ['{"a":[1,{"b":[2]}],"c":{}}', 4, false],
    ['{"a":[1,{"b":[2]}],"c":{}}', 3, true],
  ])('%s with max %d → %s', (text, max, exceeds) => expect(jsonNestingExceeds(text, max)).toBe(exceeds));

  it('scans a 100k-deep document without recursion', () => {
    expect(jsonNestingExceeds('['.repeat(100_000) + ']'.repeat(100_000))).toBe(true);
  });
});

describe('xmlNestingExceeds', () => {
  it.each([
    ['<a/>', 1, false],
    ['<a><b/></a>', 1, false],
    ['<a><b></b></a>', 1, true],
    ['<?xml version="1.0"?><a><b>x</b><b>y</b></a>', 2, false],
    ['<a><!-- <b><c><d> --></a>', 1, false],
    ['<a><![CDATA[<b><c><d>]]></a>', 1, false],
    ['<a x="1"><b y="2"><c/></b></a>', 2, false],
    ['<a x="1"><b y="2"><c></c></b></a>', 2, true],
  ])('%s with max %d → %s', (text, max, exceeds) => expect(xmlNestingExceeds(text, max)).toBe(exceeds));

  it('scans a 100k-deep document without recursion', () => {
    expect(xmlNestingExceeds('<a>'.repeat(100_000) + '</a>'.repeat(100_000))).toBe(true);
  });
});
