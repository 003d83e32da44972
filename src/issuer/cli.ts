// `codex-auth issuer [--port N] [--host H] [--admin] ...`: starts the issuer, prints its base URL as
// the first stdout line, details on stderr, and runs until SIGINT/SIGTERM (or `signal` aborts).
import { validateCodings } from './compression.js';
import { IssuerInputError } from './errors.js';
import { ISSUER_USAGE, issuerMessages as m } from './messages.js';
import type { AccountSpec, IssuerOptions } from './types.js';

export interface IssuerCliOptions {
  argv: string[];
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env?: Readonly<Record<string, string | undefined>>;
  /** Stops the issuer when aborted. Without it, SIGINT and SIGTERM of this process stop it. */
  signal?: AbortSignal;
  /** Reads the --config file (default: fs.readFile as UTF-8). */
  readFile?: (path: string) => Promise<string>;
}

class UsageError extends Error {}

interface Parsed {
  help: boolean;
  options: IssuerOptions;
  config?: string;
  spiffeSocket?: string;
}

function parseArgs(argv: string[]): Parsed {
  const options: IssuerOptions = {};
  const out: Parsed = { help: false, options };
  const redirectUris: string[] = [];
  const clientIds: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(m.missingValue(arg));
      return v;
    };
    const number = (): number => {
      const v = value();
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(m.badNumber(arg, v));
      return n;
    };
    switch (arg) {
      case '-h':
      case '--help':
        out.help = true;
        break;
      case '--port':
        options.port = number();
        break;
      case '--host':
        options.host = value();
        break;
      case '--admin':
        options.admin = true;
        break;
      case '--access-token-ttl':
        options.accessTokenTtlSeconds = number();
        break;
      case '--device-interval':
        options.deviceIntervalSeconds = number();
        break;
      case '--config':
        out.config = value();
        break;
      case '--spiffe-socket':
        out.spiffeSocket = value();
        break;
      case '--redirect-uri':
        redirectUris.push(value());
        break;
      case '--client-id':
        clientIds.push(value());
        break;
      case '--compress': {
        const v = value();
        try {
          options.compression = validateCodings(v, '--compress');
        } catch (e) {
          throw new UsageError(m.failed((e as Error).message));
        }
        break;
      }
      default:
        throw new UsageError(m.unknownOption(arg));
    }
  }
  if (redirectUris.length) options.redirectUris = redirectUris;
  if (clientIds.length) options.clientIds = clientIds;
  return out;
}

async function loadConfig(file: string, readFile: (p: string) => Promise<string>): Promise<Partial<IssuerOptions>> {
  let text: string;
  try {
    text = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new IssuerInputError(m.configRead(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? 'read error')).replace(/^codex-auth issuer: /, ''));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new IssuerInputError(m.configRead(file, 'it is not valid JSON').replace(/^codex-auth issuer: /, ''));
  }
  if (Array.isArray(data)) return { accounts: data as AccountSpec[] };
  if (data && typeof data === 'object' && Array.isArray((data as { accounts?: unknown }).accounts)) {
    const d = data as Record<string, unknown>;
    const out: Partial<IssuerOptions> = { accounts: d.accounts as AccountSpec[] };
    if (Array.isArray(d.clientIds)) out.clientIds = d.clientIds as string[];
    if (Array.isArray(d.redirectUris)) out.redirectUris = d.redirectUris as string[];
    return out;
  }
  throw new IssuerInputError(m.configShape(file).replace(/^codex-auth issuer: /, ''));
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The SPIFFE test agent, and a federation rule trusting its SVIDs for the first account. */
async function startTrustedAgent(issuer: import('./server.js').RunningIssuer, socketPath: string, stderr: IssuerCliOptions['stderr']): Promise<{ close(): Promise<void> }> {
  const { startSpiffeAgent } = await import('./spiffe-agent.js');
  const spiffeId = 'spiffe://example.org/workload';
  const agent = await startSpiffeAgent({ socketPath, spiffeId, issuer: 'https://oidc.example.org' });
  const rule = issuer.admin.addFederationRule({
    issuer: 'https://oidc.example.org',
    jwks: agent.jwks(),
    audience: 'https://auth.openai.com',
    subject: 'spiffe://example.org/*',
    account: issuer.admin.accounts()[0]!.email,
  });
  stderr.write(`${m.spiffe(agent.endpoint, rule.id, spiffeId)}\n`);
  return agent;
}

export async function runIssuerCli(opts: IssuerCliOptions): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(opts.argv);
  } catch (e) {
    opts.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (parsed.help) {
    opts.stdout.write(ISSUER_USAGE);
    return 0;
  }
  try {
    const readFile = opts.readFile ?? (async (p: string) => (await import('node:fs/promises')).readFile(p, 'utf8'));
    const fromConfig = parsed.config ? await loadConfig(parsed.config, readFile) : {};
    const options: IssuerOptions = {
      ...parsed.options,
      ...(fromConfig.accounts ? { accounts: fromConfig.accounts } : {}),
      clientIds: [...new Set([...(fromConfig.clientIds ?? []), ...(parsed.options.clientIds ?? [])])],
      redirectUris: [...(fromConfig.redirectUris ?? []), ...(parsed.options.redirectUris ?? [])],
    };
    if (options.clientIds!.length === 0) delete options.clientIds;
    else if (!options.clientIds!.includes('app_EMoamEEZ73f0CkXaXp7hrann')) options.clientIds!.unshift('app_EMoamEEZ73f0CkXaXp7hrann');
    const host = options.host ?? '127.0.0.1';
    const { startIssuer } = await import('./server.js');
    const issuer = await startIssuer(options);
    opts.stdout.write(`${issuer.url}\n`);
    if (!isLoopbackHost(host)) opts.stderr.write(`${m.notLoopback(host)}\n`);
    if (options.accessTokenTtlSeconds !== undefined && options.accessTokenTtlSeconds <= 300) {
      opts.stderr.write(`${m.shortTtl(options.accessTokenTtlSeconds)}\n`);
    }
    opts.stderr.write(`${m.listening(issuer.url, isLoopbackHost(host))}\n`);
    for (const a of issuer.admin.accounts()) {
      opts.stderr.write(`${m.account(a.email, a.workspaces.map((w) => `${w.id} (${w.plan}${w.codex ? '' : ', no Codex'})`).join(', '))}\n`);
    }
    const agent = parsed.spiffeSocket ? await startTrustedAgent(issuer, parsed.spiffeSocket, opts.stderr) : undefined;
    opts.stderr.write(`${options.admin ? m.adminOn(issuer.url) : m.adminOff}\n${m.pages(issuer.url)}\n${m.stop}\n`);
    await waitForStop(opts.signal);
    await agent?.close();
    await issuer.close();
    opts.stderr.write(`${m.stopped}\n`);
    return 0;
  } catch (e) {
    if (e instanceof IssuerInputError) {
      opts.stderr.write(`${m.failed(e.message)}\n`);
      return 1;
    }
    opts.stderr.write(`${m.failed('could not start: ' + ((e as Error)?.message ?? 'unknown error').split('\n')[0])}\n`);
    return 1;
  }
}
