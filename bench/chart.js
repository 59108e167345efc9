'use strict';
// The SVG chart of one run (bench/results/latest.svg): per case, one horizontal bar per peer
// for its time ratio to zerocall, drawn from the 1× line (left: faster than zerocall, right:
// slower), with a whisker over the peer's fastest..slowest repetition (against zerocall's
// statistic, clipped at the plot's edge) and a pale bar where the spread is larger than the gap (render.js's `~`). The
// axis is logarithmic when the ratios span more than SPAN_FOR_LOG, else linear. Plain SVG
// text: no browser, no dependency.
const { ratio, fmt, kindOf, runsCase } = require('./render.js');

const SPAN_FOR_LOG = 8;
const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#2f4b7c'];
const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const W = 960, LEFT = 190, RIGHT = 56, BAR = 8, GAP = 2, GROUP_PAD = 12;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x, y, s, attrs = '') => `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;

// the x scale: log or linear over [lo, hi], with its tick values
function scale(values, x0, x1) {
  let lo = Math.min(1, ...values), hi = Math.max(1, ...values);
  const log = hi / lo > SPAN_FOR_LOG;
  let ticks;
  if (log) {
    lo /= 1.6; hi *= 1.6; // room for the value labels
    ticks = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const d of [1, 2, 5]) { const t = d * 10 ** e; if (t >= lo && t <= hi) ticks.push(t); }
    }
  } else {
    const pad = (hi - lo) * 0.12 + 0.05;
    lo = Math.max(0, lo - pad); hi += pad;
    const step = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2].find((s) => (hi - lo) / s <= 10) || 5;
    ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(+t.toFixed(3));
  }
  const f = log ? Math.log10 : (v) => v;
  const x = (v) => x0 + ((f(Math.min(Math.max(v, lo), hi)) - f(lo)) / (f(hi) - f(lo))) * (x1 - x0);
  return { x, ticks, log };
}

function chart(doc, peers, cases) {
  const drawn = peers.filter((p) => p.id !== 'zerocall');
  const color = Object.fromEntries(drawn.map((p, i) => [p.id, COLORS[i % COLORS.length]]));
  const groups = cases.map((c) => {
    const r = doc.results[c.name];
    const base = r.zerocall;
    const bars = drawn.filter((p) => runsCase(p, c) && r[p.id]).map((p) => {
      const res = r[p.id], q = ratio(res, base);
      return { p, res, q, lo: q && res.min / base.value, hi: q && res.max / base.value };
    });
    return { c, bars };
  });
  // the axis fits the bars; a whisker longer than that (one outlier repetition) is clipped
  const values = groups.flatMap((g) => g.bars.filter((b) => b.q).map((b) => b.q.r));
  const sx = scale(values.length ? values : [1], LEFT, W - RIGHT);

  // header: title, run, legend
  const out = [];
  const m = doc.machine;
  let y = 22;
  out.push(text(12, y, `Time ratio to zerocall per case (${sx.log ? 'log scale' : 'linear scale'}; left of 1× = faster than zerocall)`, 'font-size="15" font-weight="bold"'));
  y += 17;
  out.push(text(12, y, `${m.cpu}, ${m.cores} cores, Linux ${m.kernel}; Node ${doc.node}; ${doc.statistic} of ${doc.reps} repetitions in ${doc.rounds || 1} round(s); ${doc.date.slice(0, 10)}; load average ${m.loadavg[0]}–${doc.loadavgAfter[0]}`, 'font-size="11" fill="#444"'));
  y += 15;
  out.push(text(12, y, 'Whisker: fastest..slowest repetition. Pale bar: the peer\'s and zerocall\'s ranges overlap (the spread is larger than the gap).', 'font-size="11" fill="#444"'));
  y += 10;
  out.push(`<line x1="12" x2="12" y1="${y + 3}" y2="${y + 16}" stroke="#000" stroke-width="1.2"/>`);
  out.push(text(17, y + 13.5, 'zerocall (the 1× line)', 'font-size="11"'));
  let lx = 12 + 17 + 22 * 6.6;
  for (const p of drawn) {
    const w = 18 + p.label.length * 6.6;
    if (lx + w > W - 12) { lx = 12; y += 16; }
    out.push(`<rect x="${lx}" y="${y + 4}" width="11" height="11" fill="${color[p.id]}"/>`);
    out.push(text(lx + 15, y + 13.5, p.label, 'font-size="11"'));
    lx += w + 10;
  }
  y += 44;
  const plotTop = y;

  // groups of bars
  const bands = [], body = [];
  groups.forEach((g, gi) => {
    const h = g.bars.length * (BAR + GAP) + GROUP_PAD;
    if (gi % 2 === 0) bands.push(`<rect x="0" y="${y - GROUP_PAD / 2}" width="${W}" height="${h}" fill="#f4f4f4"/>`);
    const kind = kindOf(g.c);
    const unit = kind === 'rows' ? 'time per row' : kind === 'bind' ? 'time per symbol' : g.c.per && g.c.per !== 'call' ? `per ${g.c.per}` : '';
    const cy = y + (g.bars.length * (BAR + GAP)) / 2;
    body.push(text(LEFT - 8, cy + (unit ? -1 : 4), g.c.name, 'font-size="12" text-anchor="end"'));
    if (unit) body.push(text(LEFT - 8, cy + 11, unit, 'font-size="9" fill="#666" text-anchor="end"'));
    for (const b of g.bars) {
      const top = y, mid = y + BAR / 2;
      y += BAR + GAP;
      const x1 = sx.x(1);
      if (!b.q) {
        const why = b.res.na ? 'n/a' : b.res.value !== undefined ? 'no zerocall cell to compare with' : b.res.crash ? 'crash' : 'ERR';
        body.push(text(x1 + 4, mid + 3, `${b.p.label}: ${why}`, 'font-size="8" fill="#888"'));
        continue;
      }
      const xr = sx.x(b.q.r);
      body.push(`<rect x="${Math.min(x1, xr).toFixed(1)}" y="${top}" width="${Math.max(Math.abs(xr - x1), 1).toFixed(1)}" height="${BAR}" fill="${color[b.p.id]}"${b.q.unsure ? ' fill-opacity="0.4"' : ''}/>`);
      const wl = sx.x(b.lo), wh = sx.x(b.hi);
      body.push(`<line x1="${wl.toFixed(1)}" x2="${wh.toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#333" stroke-width="1"/>`);
      const right = b.q.r >= 1;
      const lxv = right ? Math.max(xr, wh) + 3 : Math.min(xr, wl) - 3;
      body.push(text(lxv, mid + 3, `${fmt(b.q.r)}×`, `font-size="8" fill="#222"${right ? '' : ' text-anchor="end"'}`));
    }
    y += GROUP_PAD;
  });
  const plotBottom = y - GROUP_PAD / 2;

  // grid and axis labels (top and bottom), the 1× line on top of the bars
  const grid = [];
  for (const t of sx.ticks) {
    const x = sx.x(t).toFixed(1);
    grid.push(`<line x1="${x}" x2="${x}" y1="${plotTop - 8}" y2="${plotBottom}" stroke="#d6d6d6" stroke-width="1"/>`);
    const lab = `${+t.toPrecision(2)}×`;
    grid.push(text(+x, plotTop - 11, lab, 'font-size="10" fill="#555" text-anchor="middle"'));
    grid.push(text(+x, plotBottom + 13, lab, 'font-size="10" fill="#555" text-anchor="middle"'));
  }
  const x1 = sx.x(1).toFixed(1);
  const one = `<line x1="${x1}" x2="${x1}" y1="${plotTop - 8}" y2="${plotBottom}" stroke="#000" stroke-width="1.2"/>`;
  const H = Math.ceil(plotBottom + 24);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    ...out, ...bands, ...grid, ...body, one,
    '</svg>', '',
  ].join('\n');
}

module.exports = { chart };
