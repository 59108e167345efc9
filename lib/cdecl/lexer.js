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

const TOKEN = new RegExp([
  /(?<space>[ \t\r\f\v]+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.source,
  /(?<newline>\n)/.source,
  /(?<ident>[A-Za-z_$][A-Za-z0-9_$]*)/.source,
  /(?<number>(?:0[xX][0-9A-Fa-f]+|0[bB][01]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[A-Za-z0-9_]*)/.source,
  /(?<string>L?"(?:[^"\\\n]|\\.)*")/.source,
  /(?<char>L?'(?:[^'\\\n]|\\.)+')/.source,
  /(?<punct>\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^~!=<>?:;,.()[\]{}])/.source,
].join('|'), 'y');

// -> [{ type: 'ident' | 'number' | 'string' | 'char' | 'punct' | 'directive' | 'eof', value, line, column }]
function tokenize(text) {
  const tokens = [];
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (atLineStart && text[at] === '#') {
      // A directive runs to the end of the line, \-continued lines included.
      let end = at;
      while (end < text.length && text[end] !== '\n') end += text[end] === '\\' && text[end + 1] === '\n' ? 2 : 1;
      const value = text.slice(at, end);
      tokens.push({ type: 'directive', value, line, column: at - lineStart + 1 });
      for (let i = at; i < end; i++) if (text[i] === '\n') line++;
      at = end;
      continue;
    }
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (m === null) throw cdeclError(`unexpected character ${JSON.stringify(text[at])}`, line, at - lineStart + 1);
    const g = m.groups;
    if (g.newline !== undefined) {
      line++;
      lineStart = at + 1;
      atLineStart = true;
    } else if (g.space !== undefined) {
      for (let i = m[0].indexOf('\n'); i !== -1; i = m[0].indexOf('\n', i + 1)) {
        line++;
        lineStart = at + i + 1;
      }
    } else {
      const type = g.ident !== undefined ? 'ident' : g.number !== undefined ? 'number'
        : g.string !== undefined ? 'string' : g.char !== undefined ? 'char' : 'punct';
      tokens.push({ type, value: m[0], line, column: at - lineStart + 1 });
      atLineStart = false;
    }
    at = TOKEN.lastIndex;
  }
  tokens.push({ type: 'eof', value: '', line, column: at - lineStart + 1 });
  return tokens;
}

module.exports = { tokenize, cdeclError };
