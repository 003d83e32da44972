// The SPIFFE Workload API messages the test agent serves (workload.proto), in protobuf wire
// format: it reads JWTSVIDRequest { repeated string audience = 1; string spiffe_id = 2; } and
// writes JWTSVIDResponse { repeated JWTSVID svids = 1; } with JWTSVID { spiffe_id = 1; svid = 2;
// hint = 3; }. (The issuer depends on nothing of the client, so it has its own few lines.)

export interface JwtSvidRequest {
  audience: string[];
  /** Absent when the field was not sent. */
  spiffeId?: string;
}

function lengthPrefixed(field: number, bytes: Buffer): Buffer {
  const len: number[] = [];
  let n = bytes.length;
  while (n > 0x7f) {
    len.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  len.push(n);
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...len]), bytes]);
}

export function encodeJwtSvidResponse(svids: ReadonlyArray<{ spiffeId: string; svid: string; hint?: string }>): Buffer {
  return Buffer.concat(
    svids.map((s) =>
      lengthPrefixed(
        1,
        Buffer.concat([
          lengthPrefixed(1, Buffer.from(s.spiffeId)),
          lengthPrefixed(2, Buffer.from(s.svid)),
          ...(s.hint ? [lengthPrefixed(3, Buffer.from(s.hint))] : []),
        ]),
      ),
    ),
  );
}

export function decodeJwtSvidRequest(buf: Buffer): JwtSvidRequest {
  const out: JwtSvidRequest = { audience: [] };
  let i = 0;
  const varint = (): number => {
    let n = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = buf[i++];
      if (b === undefined) throw new Error('truncated');
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
    throw new Error('varint too long');
  };
  while (i < buf.length) {
    const key = varint();
    if ((key & 7) !== 2) throw new Error('unexpected wire type');
    const len = varint();
    const value = buf.subarray(i, i + len).toString('utf8');
    i += len;
    if (key >> 3 === 1) out.audience.push(value);
    else if (key >> 3 === 2) out.spiffeId = value;
  }
  return out;
}
