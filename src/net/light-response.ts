/**
 * The Response of a direct request (net/direct-fetch.ts): the WHATWG Response surface — status,
 * statusText, ok, headers, url, redirected, body (a ReadableStream), bodyUsed, text, json,
 * arrayBuffer, bytes, blob, formData, clone — over a node:http response, without loading a fetch
 * implementation (undici, or Node's own, which costs tens of ms in a fresh process). Like
 * undici@7's Response it is not `instanceof Response` (net/types.ts says so). The web stream is
 * only built when `body` is read; text()/json() read the socket stream directly.
 */
import { Readable } from 'node:stream';

type Source = Readable | ReadableStream<Uint8Array>;

function unusable(): TypeError {
  return new TypeError('Body is unusable: Body has already been read');
}

/** Response headers as fetch exposes them: lower-case names, sorted, duplicates joined by `, ` (set-cookie kept apart). */
export class LightHeaders {
  readonly #map = new Map<string, string>();
  readonly #cookies: string[] = [];

  /** From node:http's rawHeaders ([name, value, name, value, ...]). */
  constructor(raw: readonly string[]) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const value = (raw[i + 1] as string).trim();
      if (name === 'set-cookie') this.#cookies.push(value);
      const had = this.#map.get(name);
      this.#map.set(name, had === undefined ? value : `${had}, ${value}`);
    }
  }

  get(name: string): string | null {
    return this.#map.get(String(name).toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#map.has(String(name).toLowerCase());
  }

  getSetCookie(): string[] {
    return [...this.#cookies];
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#map.keys()].sort()) {
      if (name === 'set-cookie') for (const c of this.#cookies) yield [name, c];
      else yield [name, this.#map.get(name) as string];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(fn: (value: string, name: string, parent: LightHeaders) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  // Response headers are immutable (fetch's "immutable" guard).
  append(): never {
    throw new TypeError('immutable');
  }

  set(): never {
    throw new TypeError('immutable');
  }

  delete(): never {
    throw new TypeError('immutable');
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

export interface LightResponseInit {
  status: number;
  statusText: string;
  headers: LightHeaders;
  url: string;
  redirected: boolean;
  /** null for a response without a body (HEAD, 204, 304). */
  body: Source | null;
}

async function collect(source: Source): Promise<Buffer> {
  const chunks: Buffer[] = [];
  if (typeof (source as ReadableStream).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  } else {
    for await (const chunk of source as Readable) chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

export class LightResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;
  readonly url: string;
  readonly redirected: boolean;
  readonly type = 'default';
  #source: Source | null;
  #stream: ReadableStream<Uint8Array> | null = null;
  #used = false;

  constructor(init: LightResponseInit) {
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.url = init.url;
    this.redirected = init.redirected;
    this.#source = init.body;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#source === null) return null;
    if (this.#stream === null) {
      const s = this.#source;
      this.#stream =
        typeof (s as ReadableStream).getReader === 'function'
          ? (s as ReadableStream<Uint8Array>)
          : (Readable.toWeb(s as Readable) as ReadableStream<Uint8Array>);
      this.#source = this.#stream;
    }
    return this.#stream;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#stream?.locked ?? false);
  }

  async #bytes(): Promise<Buffer> {
    if (this.#used || this.#stream?.locked) throw unusable();
    this.#used = true;
    const s = this.#source;
    if (s === null) return Buffer.alloc(0);
    return collect(s);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await this.#bytes();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  async text(): Promise<string> {
    // Like fetch: UTF-8 decode, a leading BOM dropped, invalid sequences replaced.
    const s = (await this.#bytes()).toString('utf8');
    return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.#bytes()], { type: this.headers.get('content-type') ?? '' });
  }

  async formData(): Promise<FormData> {
    const bytes = await this.#bytes();
    return new Response(bytes, { headers: [...this.headers] as [string, string][] }).formData();
  }

  clone(): LightResponse {
    if (this.#used || this.#stream?.locked) throw new TypeError('Response.clone: Body has already been consumed.');
    let body: Source | null = null;
    const stream = this.body;
    if (stream) {
      const [a, b] = stream.tee();
      this.#stream = a;
      this.#source = a;
      body = b;
    }
    return new LightResponse({ status: this.status, statusText: this.statusText, headers: this.headers, url: this.url, redirected: this.redirected, body });
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }
}
