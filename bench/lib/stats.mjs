// Order statistics for benchmark samples. Medians, not means: a process timing on a shared machine
// has a long right tail (a scheduler hiccup, a page-cache miss) that a mean would report as speed.

/** The q-quantile (0..1) of `xs` with linear interpolation between closest ranks. */
export function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs) => quantile(xs, 0.5);
export const p90 = (xs) => quantile(xs, 0.9);

/** { median, p90, min, max, n } of a sample. */
export function summarize(xs) {
  return { median: median(xs), p90: p90(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/**
 * The median of per-round ratios a[i]/b[i]. With round-robin interleaving, a[i] and b[i] ran back to
 * back, so their ratio cancels slow drifts of the machine better than a ratio of medians does.
 */
export function pairedRatio(a, b) {
  const n = Math.min(a.length, b.length);
  const r = [];
  for (let i = 0; i < n; i++) r.push(a[i] / b[i]);
  return median(r);
}

export function fmtMs(x, digits = 1) {
  return Number.isFinite(x) ? `${x.toFixed(digits)} ms` : '—';
}

export function fmtRatio(x) {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '—';
}
