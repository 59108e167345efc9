'use strict';
// The tables of one run: text for stdout and Markdown for bench/results/latest.md. One
// table per case kind (ns per call; rows per second; µs and KB per symbol), each followed
// by the time ratio to zerocall. Every cell shows the statistic (median, or minimum with
// --stat min), the minimum and the spread of all its repetitions (pooled over the rounds),
// and a ratio is marked `~` when the spread is larger than the gap it shows (the peer's and
// zerocall's fastest..slowest ranges overlap). Docs: docs/bench.md.

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (x) => (x >= 1000 ? x.toFixed(0) : x >= 100 ? x.toFixed(1) : x >= 0.995 ? x.toFixed(2) : x.toPrecision(2));
const pct = (x) => `${x < 0.095 ? (x * 100).toFixed(1) : Math.round(x * 100)}%`;
const rate = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));

// spread: (max - min) / median of the repetitions
function summarize(cell, stat) {
  if (!cell.ns || !cell.ns.length) { delete cell.ns; return cell; }
  cell.median = median(cell.ns);
  cell.min = Math.min(...cell.ns);
  cell.max = Math.max(...cell.ns);
  cell.spread = (cell.max - cell.min) / cell.median;
  cell.value = stat === 'min' ? cell.min : cell.median;
  if (cell.rss && cell.rss.length) cell.rssMedian = median(cell.rss);
  return cell;
}
// peer time / zerocall time, and whether noise can explain the gap: `unsure` when the two
// cells' ranges (fastest..slowest repetition) overlap, i.e. their spread covers the gap
function ratio(cell, base) {
  if (!base || base.value === undefined || !cell || cell.value === undefined) return null;
  return { r: cell.value / base.value, unsure: cell !== base && cell.min <= base.max && base.min <= cell.max };
}
const showRatio = (x) => (x ? `${x.unsure ? '~' : ''}${fmt(x.r)}×` : '–');

// what a cell of each kind shows
const KINDS = {
  call: { title: 'ns per call (lower is better); cell: {stat} (minimum) spread',
    cell: (res) => `${fmt(res.value)} (${fmt(res.min)}) ${pct(res.spread)}` },
  rows: { title: 'rows per second (higher is better); cell: {stat} (best) spread',
    cell: (res, c) => `${rate((c.rows * 1e9) / res.value)} (${rate((c.rows * 1e9) / res.min)}) ${pct(res.spread)}` },
  bind: { title: 'µs per symbol (lower is better) and KB of RSS per symbol; cell: {stat} (minimum) spread, KB',
    cell: (res) => `${fmt(res.value / 1000)} (${fmt(res.min / 1000)}) ${pct(res.spread)}, ${fmt(res.rssMedian / 1024)} KB` },
};
const kindOf = (c) => c.kind || 'call';
// one time (ns per iteration) in the case's own unit, for progress lines
const brief = (c, ns) => (kindOf(c) === 'rows' ? `${rate((c.rows * 1e9) / ns)} rows/s` : kindOf(c) === 'bind' ? `${fmt(ns / 1000)} µs` : fmt(ns));
const runsCase = (p, c) => !p.cases || p.cases.includes(c.name);

// zerocall's path is not reported by zerocall, so it is inferred: a default-settings time
// close to the JIT=0 time means the general path. Compared above the C floor (the call
// overhead only), where the JIT=0 overhead is clearly measurable (> 20 ns); not for
// callback cases, where the C->JS round trip, not the call path, dominates.
function inferGeneralPath(c, r) {
  const z = r.zerocall, zn = r['zerocall-nojit'], floor = r.c && r.c.value;
  if (kindOf(c) === 'call' && !c.callbacks && z && zn && z.value !== undefined && zn.value !== undefined &&
      floor !== undefined && zn.value - floor > 20 && z.value - floor > 0.6 * (zn.value - floor) &&
      !(z.notes || []).some((t) => t.startsWith('general path'))) {
    (z.notes ||= []).push('general path (inferred: about as slow as ZEROCALL_JIT=0)');
  }
}

function render(doc, peers, cases) {
  const notes = [];
  const noteIdx = new Map();
  const mark = (text) => {
    if (!noteIdx.has(text)) { notes.push(text); noteIdx.set(text, notes.length); }
    return `[${noteIdx.get(text)}]`;
  };
  const cellText = (res, peer, c) => {
    if (!res) return '–';
    if (res.value !== undefined) return KINDS[kindOf(c)].cell(res, c) + (res.notes || []).map((t) => mark(`${peer.label}: ${t}`)).join('');
    if (res.na) return 'n/a' + mark(`${peer.label}: ${res.na}`);
    return (res.crash ? 'crash' : 'ERR') + mark(`${peer.label}, ${c.name}: ${res.error}`);
  };
  const m = doc.machine;
  const hdr = [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Linux ${m.kernel} (${m.arch})`,
    `Node ${doc.node} (V8 ${doc.v8}); ${doc.mode} run: ${doc.statistic} of ${doc.reps} repetitions in ${doc.rounds || 1} round(s) of one process per (case, peer), up to ${doc.maxN.toExponential(0)} iterations each (~${doc.targetMs} ms); load average ${m.loadavg[0]} before, ${doc.loadavgAfter[0]} after; ${doc.seconds} s`,
    ...peers.map((p) => { const h = doc.peers[p.id]; return `${p.label}: ${h.na ? 'n/a' : h.version} — ${p.what}`; }),
  ];
  const tables = [];
  for (const kind of Object.keys(KINDS)) {
    const cs = cases.filter((c) => kindOf(c) === kind);
    const ps = peers.filter((p) => cs.some((c) => runsCase(p, c)));
    if (!cs.length || !ps.length) continue;
    for (const c of cs) inferGeneralPath(c, doc.results[c.name]);
    const head = ['case', ...ps.map((p) => p.label)];
    const label = (c) => c.name + (c.per && c.per !== 'call' && kind === 'call' ? ` (${c.per})` : '');
    const rows = cs.map((c) => [label(c), ...ps.map((p) => cellText(doc.results[c.name][p.id], p, c))]);
    const zc = ps.find((p) => p.id === 'zerocall');
    const ratios = zc && cs.map((c) => {
      const r = doc.results[c.name];
      return [c.name, ...ps.map((p) => showRatio(ratio(r[p.id], r.zerocall)))];
    });
    tables.push({ title: KINDS[kind].title.replace('{stat}', doc.statistic), head, rows, ratios });
  }

  const pad = (head, rowsIn) => {
    const w = head.map((_, i) => Math.max(...[head, ...rowsIn].map((r) => String(r[i]).length)));
    return [head, ...rowsIn].map((r) => r.map((x, i) => (i ? String(x).padStart(w[i]) : String(x).padEnd(w[i]))).join('  ')).join('\n');
  };
  const RATIO = 'time ratio to zerocall (peer / zerocall; < 1 means the peer is faster; ~ = the spread is larger than the gap: the two cells\' fastest..slowest ranges overlap)';
  const SPREAD = 'spread = (max - min) / median of the repetitions';
  let text = `\n${hdr.join('\n')}\n`;
  for (const t of tables) {
    text += `\n${t.title} (${SPREAD})\n${pad(t.head, t.rows)}\n`;
    if (t.ratios) text += `\n${RATIO}\n${pad(t.head, t.ratios)}\n`;
  }
  if (notes.length) text += `\nnotes:\n${notes.map((t, i) => `[${i + 1}] ${t}`).join('\n')}\n`;

  const mdTable = (head, rowsIn) => [
    `| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`,
    ...rowsIn.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  let md = `<!-- generated by \`npm run bench\` (bench/run.js) on ${doc.date} -->\n`;
  md += hdr.map((l) => `- ${l}`).join('\n') + '\n';
  for (const t of tables) {
    md += `\n**${t.title}** (${SPREAD})\n\n${mdTable(t.head, t.rows)}\n`;
    if (t.ratios) md += `\n**${RATIO.replace(/^t/, 'T')}**\n\n${mdTable(t.head, t.ratios)}\n`;
  }
  if (notes.length) md += `\nNotes:\n\n${notes.map((t, i) => `${i + 1}. ${t.replace(/\|/g, '\\|')}`).join('\n')}\n`;
  return { text, md };
}

module.exports = { summarize, render, ratio, fmt, brief, kindOf, runsCase };
