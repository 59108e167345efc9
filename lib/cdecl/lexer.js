'use strict';
// Tokens of C declaration text, each with its 1-based line and column. Comments are
// skipped; a preprocessor line (# at the start of a line, with \-continuations) is one
// 'directive' token holding its text.

// A plain Error (not a subclass) that names where in the text it happened.
function cdeclError(message, line, column) {
  const error = new Error(line === undefined ? message : `${message} (line ${line}, column ${column})`);
  error.line = line;
  error.column = column;
  return error;
}

const PUNCT3 = new Set(['...', '<<=', '>>=']);
const PUNCT2 = new Set(['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||']);
const PUNCT1 = new Set('-+*/%&|^~!=<>?:;,.()[]{}'.split(''));
// First characters of the longer ones: "(", ")", ",", "*" (most punctuation in a
// prototype) skip the two slices and lookups.
const MULTI_START = new Set([...PUNCT3, ...PUNCT2].map((p) => p.charCodeAt(0)));
// Character classes by code (a table: the scanner asks for every character).
const START = 1;
const PART = 2;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
  CLASS[c] = (letter ? START | PART : 0) | (c >= 48 && c <= 57 ? PART : 0);
}
const isIdentStart = (c) => c < 128 && (CLASS[c] & START) !== 0;
const isIdentPart = (c) => c < 128 && (CLASS[c] & PART) !== 0;
const isDigit = (c) => c >= 48 && c <= 57;

// -> [{ type: 'ident' | 'number' | 'string' | 'char' | 'punct' | 'directive' | 'eof', value, line, column }]
// A hand-written scanner: prototype strings are parsed at dlopen time, by the thousand.
// Directives go to `directives` (when given) with the index of the token they preceded.
function tokenize(text, directives = null) {
  const tokens = [];
  const n = text.length;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  let at = 0;
  const push = (type, end) => {
    tokens.push({ type, value: text.slice(at, end), line, column: at - lineStart + 1 });
    at = end;
    atLineStart = false;
  };
  while (at < n) {
    const c = text.charCodeAt(at);
    if (c === 10) {
      at++;
      line++;
      lineStart = at;
      atLineStart = true;
    } else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      at++;
    } else if (c === 47 && text.charCodeAt(at + 1) === 47) {
      while (at < n && text.charCodeAt(at) !== 10) at++;
    } else if (c === 47 && text.charCodeAt(at + 1) === 42) {
      const end = text.indexOf('*/', at + 2);
      if (end === -1) throw cdeclError('unterminated comment', line, at - lineStart + 1);
      for (let i = text.indexOf('\n', at); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
      }
      at = end + 2;
    } else if (c === 35 && atLineStart) {
      // A directive runs to the end of the line, \-continued lines included.
      let end = at;
      while (end < n && text.charCodeAt(end) !== 10) end += text[end] === '\\' && text[end + 1] === '\n' ? 2 : 1;
      const startLine = line;
      for (let i = at; i < end; i++) if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
      const token = { type: 'directive', value: text.slice(at, end), line: startLine, column: 1 };
      if (directives) directives.push({ at: tokens.length, token });
      else tokens.push(token);
      at = end;
    } else if ((c === 76 && (text[at + 1] === '"' || text[at + 1] === "'")) || c === 34 || c === 39) {
      const quote = c === 76 ? text[at + 1] : text[at];
      let end = at + (c === 76 ? 2 : 1);
      while (end < n && text[end] !== quote && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
      if (text[end] !== quote) throw cdeclError(`unterminated ${quote === '"' ? 'string' : 'character constant'}`, line, at - lineStart + 1);
      push(quote === '"' ? 'string' : 'char', end + 1);
    } else if (isIdentStart(c)) {
      let end = at + 1;
      for (let d = text.charCodeAt(end); end < n && d < 128 && (CLASS[d] & PART) !== 0; d = text.charCodeAt(++end));
      push('ident', end);
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(at + 1)))) {
      let end = at + 1;
      for (;;) {
        const d = text.charCodeAt(end);
        if (isIdentPart(d) || d === 46) end++;
        else if ((d === 43 || d === 45) && /[eE]/.test(text[end - 1]) && !/^0[xX]/.test(text.slice(at, end))) end++;
        else break;
      }
      push('number', end);
    } else if (MULTI_START.has(c) && PUNCT3.has(text.slice(at, at + 3))) {
      push('punct', at + 3);
    } else if (MULTI_START.has(c) && PUNCT2.has(text.slice(at, at + 2))) {
      push('punct', at + 2);
    } else if (PUNCT1.has(text[at])) {
      push('punct', at + 1);
    } else {
      throw cdeclError(`unexpected character ${JSON.stringify(text[at])}`, line, at - lineStart + 1);
    }
  }
  tokens.push({ type: 'eof', value: '', line, column: at - lineStart + 1 });
  return tokens;
}

module.exports = { tokenize, cdeclError };
