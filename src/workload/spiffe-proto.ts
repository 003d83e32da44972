/**
 * The two SPIFFE Workload API messages the client uses, in protobuf wire format (workload.proto):
 * JWTSVIDRequest { repeated string audience = 1; string spiffe_id = 2; } and
 * JWTSVIDResponse { repeated JWTSVID svids = 1; } with JWTSVID { string spiffe_id = 1;
 * string svid = 2; string hint = 3; }. Hand-written (a static descriptor): ~50 lines instead of
 * protobufjs + a .proto loader on the start-up path.
 */

export interface JwtSvid {
  spiffeId: string;
  svid: string;
  hint: string;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

function stringField(field: number, value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(bytes.length)]), bytes]);
}

export function encodeJwtSvidRequest(audience: readonly string[], spiffeId?: string): Buffer {
  return Buffer.concat([...audience.map((a) => stringField(1, a)), ...(spiffeId !== undefined ? [stringField(2, spiffeId)] : [])]);
}

/** Calls `onField(field, bytes)` for each length-delimited field; skips varint/fixed fields. Throws on malformed input. */
function forEachField(buf: Buffer, onField: (field: number, value: Buffer) => void): void {
  let i = 0;
  const readVarint = (): number => {
    let n = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++]!;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
    throw new Error('varint too long');
  };
  while (i < buf.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) readVarint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = readVarint();
      if (i + len > buf.length) throw new Error('truncated field');
      onField(field, buf.subarray(i, i + len));
      i += len;
    } else throw new Error(`unsupported wire type ${wire}`);
    if (i > buf.length) throw new Error('truncated field');
  }
}

export function decodeJwtSvidResponse(buf: Buffer): JwtSvid[] {
  const svids: JwtSvid[] = [];
  forEachField(buf, (field, value) => {
    if (field !== 1) return;
    const s: JwtSvid = { spiffeId: '', svid: '', hint: '' };
    forEachField(value, (f, v) => {
      if (f === 1) s.spiffeId = v.toString('utf8');
      else if (f === 2) s.svid = v.toString('utf8');
      else if (f === 3) s.hint = v.toString('utf8');
    });
    svids.push(s);
  });
  return svids;
}
