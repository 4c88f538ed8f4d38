/** The event-pattern language: pure, no storage. */
export { compilePattern, PatternError, type PatternNode } from './compile.js';
export { matchesPattern } from './match.js';
