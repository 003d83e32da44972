// Fault injection per endpoint: fixed status + body, delay, connection reset, malformed JSON, or
// no answer at all, so tests can check how clients survive a misbehaving issuer.
import { IssuerInputError } from './errors.js';
import { ISSUER_CODINGS, type IssuerCoding } from './compression.js';
import type { FaultSpec } from './types.js';

export interface ActiveFault {
  id: number;
  spec: FaultSpec;
  remaining: number;
}

export interface FaultDecision {
  id: number;
  label: string;
  delayMs: number;
  action: 'respond' | 'reset' | 'malformed' | 'hang' | 'continue';
  status: number;
  body: unknown;
  headers: Record<string, string>;
  encoding: FaultSpec['encoding'];
}

export function validateFault(spec: unknown): FaultSpec {
  if (!spec || typeof spec !== 'object') throw new IssuerInputError('a fault must be a JSON object with at least "path"');
  const f = spec as Record<string, unknown>;
  if (typeof f.path !== 'string' || !f.path.startsWith('/')) {
    throw new IssuerInputError('a fault needs "path", the endpoint path starting with "/" (e.g. "/oauth/token")');
  }
  if (f.status !== undefined && (!Number.isInteger(f.status) || (f.status as number) < 100 || (f.status as number) > 599)) {
    throw new IssuerInputError('fault "status" must be an HTTP status code between 100 and 599');
  }
  if (f.delayMs !== undefined && (typeof f.delayMs !== 'number' || f.delayMs < 0 || f.delayMs > 600_000)) {
    throw new IssuerInputError('fault "delayMs" must be a number of milliseconds between 0 and 600000');
  }
  if (f.times !== undefined && (!Number.isInteger(f.times) || (f.times as number) < 1)) {
    throw new IssuerInputError('fault "times" must be a positive integer');
  }
  const kinds = [f.reset, f.malformed, f.hang].filter(Boolean).length;
  if (kinds > 1) throw new IssuerInputError('a fault can be only one of "reset", "malformed" or "hang"');
  if (f.match !== undefined && (typeof f.match !== 'object' || f.match === null)) {
    throw new IssuerInputError('fault "match" must be an object of field values, e.g. {"grant_type":"refresh_token"}');
  }
  if (f.encoding !== undefined && !ISSUER_CODINGS.includes(f.encoding as IssuerCoding)) {
    throw new IssuerInputError('fault "encoding" must be "zstd" or "gzip"');
  }
  const known = ['path', 'method', 'match', 'status', 'body', 'headers', 'delayMs', 'reset', 'malformed', 'hang', 'times', 'encoding'];
  const unknown = Object.keys(f).filter((k) => !known.includes(k));
  if (unknown.length) throw new IssuerInputError(`unknown fault field(s): ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return f as unknown as FaultSpec;
}

export class FaultTable {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    const valid = validateFault(spec);
    const id = this.nextId++;
    this.faults.push({ id, spec: valid, remaining: valid.times ?? Number.POSITIVE_INFINITY });
    return id;
  }

  clear(id?: number): void {
    this.faults = id === undefined ? [] : this.faults.filter((f) => f.id !== id);
  }

  list(): Array<FaultSpec & { id: number; remaining: number | null }> {
    return this.faults.map((f) => ({ ...f.spec, id: f.id, remaining: Number.isFinite(f.remaining) ? f.remaining : null }));
  }

  /** The first fault matching this request (consuming one of its uses), or null. */
  take(method: string, path: string, fields: Record<string, unknown>): FaultDecision | null {
    for (const f of this.faults) {
      const s = f.spec;
      if (s.path !== path) continue;
      if (s.method && s.method.toUpperCase() !== method) continue;
      if (s.match && !Object.entries(s.match).every(([k, v]) => String(fields[k] ?? '') === String(v))) continue;
      f.remaining -= 1;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
      const action = s.reset ? 'reset' : s.hang ? 'hang' : s.malformed ? 'malformed' : s.status !== undefined ? 'respond' : 'continue';
      return {
        id: f.id,
        label: action === 'continue' ? `delay ${s.delayMs ?? 0}ms` : action === 'respond' ? `status ${s.status}` : action,
        delayMs: s.delayMs ?? 0,
        action,
        status: s.status ?? 200,
        body: s.body,
        headers: s.headers ?? {},
        encoding: s.encoding,
      };
    }
    return null;
  }
}
