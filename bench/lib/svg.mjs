// A grouped bar chart as a standalone SVG: one group per process scenario, one bar per competitor
// (median ms), the p90 drawn as a thin whisker. No chart library: a few rects and texts.
import { CODEX_VERSION } from '../../scripts/test-env.mjs';

const COLORS = { 'node -e 0': '#9e9e9e', official: '#4e79a7', ours: '#f28e2b' };
const FALLBACK = ['#59a14f', '#e15759', '#76b7b2', '#edc948'];
const LEGEND = { 'node -e 0': 'node -e 0 (the Node floor)', official: `official codex ${CODEX_VERSION}`, ours: 'codex-auth (ours)' };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * groups: [{ name, bars: [{ label, median, p90 } | { label, na: true }] }]
 */
export function groupedBarChart(groups, { title = '', yLabel = 'ms (median; whisker: p90)' } = {}) {
  const labels = [];
  for (const g of groups) for (const b of g.bars) if (!labels.includes(b.label)) labels.push(b.label);
  const color = (l) => COLORS[l] ?? FALLBACK[labels.indexOf(l) % FALLBACK.length];
  const barW = 26;
  const gap = 6;
  const groupGap = 44;
  const left = 64;
  const top = 48;
  const plotH = 260;
  const groupW = labels.length * (barW + gap) - gap;
  const width = Math.max(480, left + groups.length * (groupW + groupGap) + 20);
  const height = top + plotH + 96;
  const max = niceMax(Math.max(...groups.flatMap((g) => g.bars.filter((b) => !b.na).map((b) => Math.max(b.median, b.p90 ?? 0))), 1));
  const y = (v) => top + plotH - (v / max) * plotH;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`);
  // Axis and grid.
  for (let i = 0; i <= 5; i++) {
    const v = (max * i) / 5;
    const yy = y(v).toFixed(1);
    out.push(`<line x1="${left}" y1="${yy}" x2="${width - 10}" y2="${yy}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${+v.toFixed(1)}</text>`);
  }
  out.push(`<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  out.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - 10}" y2="${top + plotH}" stroke="#333"/>`);
  groups.forEach((g, gi) => {
    const gx = left + 16 + gi * (groupW + groupGap);
    g.bars.forEach((b) => {
      const bx = gx + labels.indexOf(b.label) * (barW + gap);
      if (b.na) {
        out.push(`<text x="${bx + barW / 2}" y="${top + plotH - 4}" text-anchor="middle" fill="#999" font-size="9">n/a</text>`);
        return;
      }
      const by = y(b.median);
      out.push(`<rect x="${bx}" y="${by.toFixed(1)}" width="${barW}" height="${(top + plotH - by).toFixed(1)}" fill="${color(b.label)}"><title>${esc(`${b.label}: ${b.median.toFixed(1)} ms`)}</title></rect>`);
      if (Number.isFinite(b.p90)) {
        const py = y(b.p90).toFixed(1);
        out.push(`<line x1="${bx + barW / 2}" y1="${by.toFixed(1)}" x2="${bx + barW / 2}" y2="${py}" stroke="#333"/>`);
        out.push(`<line x1="${bx + barW / 2 - 4}" y1="${py}" x2="${bx + barW / 2 + 4}" y2="${py}" stroke="#333"/>`);
      }
      out.push(`<text x="${bx + barW / 2}" y="${(Math.min(by, y(b.p90 ?? b.median)) - 4).toFixed(1)}" text-anchor="middle" font-size="9">${Math.round(b.median)}</text>`);
    });
    const words = String(g.name).split(' ');
    let line = '';
    const lines = [];
    for (const w of words) {
      if ((line + ' ' + w).trim().length > 18) {
        lines.push(line.trim());
        line = w;
      } else line += ' ' + w;
    }
    lines.push(line.trim());
    lines.forEach((l, li) => out.push(`<text x="${gx + groupW / 2}" y="${top + plotH + 16 + li * 13}" text-anchor="middle">${esc(l)}</text>`));
  });
  // Legend.
  labels.forEach((l, i) => {
    const lx = left + i * 190;
    const ly = height - 18;
    out.push(`<rect x="${lx}" y="${ly - 9}" width="12" height="12" fill="${color(l)}"/>`);
    out.push(`<text x="${lx + 17}" y="${ly + 1}">${esc(LEGEND[l] ?? l)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
