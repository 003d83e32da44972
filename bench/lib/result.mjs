// The shapes every benchmark module returns, and the "not available" signal.
//
// A module's run(ctx) resolves to { timings?: Timing[], figures?: Figure[], notes?: string[] }.
//  Timing: one process scenario. { scenario, competitors: [{ label, samples (ms), rssKb } | { label, na }] }
//  Figure: one line of the summary table. { section, figure, value, target, status, note }
//          status: 'pass' | 'fail' | 'info' (no target) | 'n/a' (code not there yet: note says why)
// A module that cannot run at all throws NotAvailable(reason); run.mjs turns it into an 'n/a' figure.

export class NotAvailable extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'NotAvailable';
  }
}

/** A figure whose value is compared with an upper bound. */
export function upperBound(section, figure, value, bound, { unit = '×', digits = 2, note = '' } = {}) {
  const pass = Number.isFinite(value) && value <= bound;
  return {
    section,
    figure,
    value: Number.isFinite(value) ? `${value.toFixed(digits)}${unit}` : '—',
    target: `≤ ${bound}${unit}`,
    status: Number.isFinite(value) ? (pass ? 'pass' : 'fail') : 'n/a',
    note,
  };
}

export function exactly(section, figure, value, expected, { note = '' } = {}) {
  return { section, figure, value: String(value), target: `= ${expected}`, status: value === expected ? 'pass' : 'fail', note };
}

export function info(section, figure, value, note = '') {
  return { section, figure, value, target: '—', status: 'info', note };
}

export function notAvailable(section, figure, reason, target = '') {
  return { section, figure, value: '—', target, status: 'n/a', note: `not available: ${reason}` };
}
