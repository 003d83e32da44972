// A private redis-server for a test: random loopback port, its own data directory, no RDB
// snapshots (`--save ''`), AOF only when asked, optional ACL user lines. Fails with one clear
// line when redis-server is not installed (scripts/test-env.mjs installs it as root).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisOptions {
  aof?: boolean;
  /** ACL `user …` lines added to the config (the default user stays for the test's own use). */
  users?: string[];
  /** Extra addresses to listen on besides 127.0.0.1 (e.g. a veth address for network-namespace tests). */
  bind?: string[];
}

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** A raw command as the default user (the test's own inspection and setup). */
  cmd(args: string[]): Promise<unknown>;
  /** Every key and its full content (for "never in clear" scans). */
  dump(): Promise<string>;
  /** The AOF files' bytes (empty when AOF is off). */
  aofBytes(): Buffer;
  stop(): Promise<void>;
  /** Stops it (SIGTERM, waiting) and starts it again on the same port and data directory. */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function launch(conf: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(REDIS_SERVER, [conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.resume();
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.split('\n').filter((l) => /#|error|Error/.test(l)).slice(-3).join(' | ')}`)));
  });
}

export async function startRedis(opts: RedisOptions = {}): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error('redis-server is not installed: install it with `apt-get install -y redis-server` (npm test does so as root)');
  const dir = mkdtempSync(join(tmpdir(), 'codex-auth-redis-'));
  let child: ChildProcess | undefined;
  let port = 0;
  const conf = join(dir, 'redis.conf');
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    writeFileSync(
      conf,
      [
        `port ${port}`,
        `bind 127.0.0.1${(opts.bind ?? []).map((a) => ` ${a}`).join('')}`,
        ...(opts.bind?.length ? ['protected-mode no'] : []),
        `dir ${dir}`,
        "save ''",
        `appendonly ${opts.aof ? 'yes' : 'no'}`,
        'appendfsync always',
        'daemonize no',
        'loglevel notice',
        ...(opts.users ?? []),
        '',
      ].join('\n'),
    );
    try {
      child = await launch(conf);
      break;
    } catch (e) {
      if (attempt >= 4) throw e; // the port was taken between picking and binding: pick another
    }
  }
  const url = `redis://127.0.0.1:${port}`;
  let admin: ReturnType<typeof createClient> | undefined;
  const client = async () => {
    if (!admin?.isReady) {
      admin = createClient({ url, RESP: 2, socket: { reconnectStrategy: false } });
      admin.on('error', () => {});
      await admin.connect();
    }
    return admin;
  };
  const stopChild = async () => {
    admin?.destroy();
    admin = undefined;
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  return {
    url,
    port,
    dir,
    async cmd(args) {
      return (await client()).sendCommand(args);
    },
    async dump() {
      const c = await client();
      const keys = (await c.sendCommand(['KEYS', '*'])) as string[];
      const parts: string[] = [];
      for (const k of keys) {
        const type = String(await c.sendCommand(['TYPE', k]));
        const value =
          type === 'hash' ? await c.sendCommand(['HGETALL', k]) : type === 'string' ? await c.sendCommand(['GET', k]) : type === 'zset' ? await c.sendCommand(['ZRANGE', k, '0', '-1', 'WITHSCORES']) : type;
        parts.push(`${k} ${JSON.stringify(value)}`);
      }
      return parts.join('\n');
    },
    aofBytes() {
      const aofDir = join(dir, 'appendonlydir');
      if (!existsSync(aofDir)) return Buffer.alloc(0);
      return Buffer.concat(readdirSync(aofDir).map((f) => readFileSync(join(aofDir, f))));
    },
    stop: stopChild,
    async restart() {
      await stopChild();
      child = await launch(conf);
    },
    async cleanup() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
