'use strict';
// Preprocessor lines left in declaration text (cc -E -dD keeps #define): a #define of an
// integer constant expression becomes a constant; directives that would change what
// the text means (#if, #include, #pragma pack) are errors; line markers (cc -E without
// -P) say which file the declarations that follow come from.
const { constantExpression } = require('./const_expr');

function directive(p, token) {
  const text = token.value.slice(1).replace(/\\\n/g, ' ').trim();
  const word = /^\w*/.exec(text)[0];
  if (word === 'define') {
    const m = /^define\s+([A-Za-z_]\w*)(\(?)(.*)$/s.exec(text);
    if (!m || m[2] === '(') return;
    // A body naming what comes later (sizeof of a later typedef) is tried again at the end.
    if (!p.define(m[1], m[3])) (p.scope.laterDefines ||= new Map()).set(m[1], m[3]);
  } else if (word === 'undef') {
    p.scope.constants.delete(text.slice(5).trim());
    if (p.scope.laterDefines) p.scope.laterDefines.delete(text.slice(5).trim());
  } else if (word === 'pragma') {
    if (/^pragma\s+pack\b/.test(text)) throw p.error('#pragma pack is not supported: use struct(fields, { pack })', token);
  } else if (/^(\d+|line)\b/.test(text)) {
    const marker = /^(?:line\s+)?\d+\s+"((?:[^"\\]|\\.)*)"/.exec(text);
    if (marker) p.scope.file = marker[1];
  } else if (word !== '' && word !== 'ident') {
    throw p.error(`#${word} is not supported: preprocess the header first (cc -E -P)`, token);
  }
}

// -> whether `body` is an integer constant expression (a string, a cast to a pointer
// or a statement is not, and makes no constant).
function define(p, name, body) {
  try {
    const sub = new p.constructor(body, p.scope);
    const value = constantExpression(sub);
    if (sub.peek().type !== 'eof') return false;
    p.scope.constants.set(name, value);
    p.origin(name);
    return true;
  } catch {
    return false;
  }
}

module.exports = { directive, define };
