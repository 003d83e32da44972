// `codex-auth fleet status [--json]`: the fleet's generation, account, plan, access-token expiry,
// the last refresh (when, by which member, how), members seen in the last day, and whether the
// fleet needs a new push. Never a secret; the Redis URL without its password. Exit 0 when the
// fleet can serve a token to this process, 1 otherwise.
import { accessTokenTimes, idTokenInfo } from '../../auth/token-claims.js';
import { readStatus } from '../../fleet/admin.js';
import { FLEET } from '../../messages/fleet.js';
import { openCliFleet } from '../fleet-open.js';
import type { CliIO } from '../io.js';

export async function run(opts: { io: CliIO; json: boolean }): Promise<number> {
  const { io } = opts;
  const f = await openCliFleet(io);
  try {
    const s = await readStatus(f.fleet);
    const rec = s.record;
    const now = io.now();
    const exp = rec ? accessTokenTimes(rec.accessToken).expiresAt : undefined;
    const id = rec ? idTokenInfo(rec.idToken) : undefined;
    const valid = exp !== undefined && exp > now;
    const role = f.fleet.isMember ? 'member' : 'runner';
    // A member refreshes an expired token itself; a runner needs one that is still valid.
    const canServe = rec !== null && rec.state === 'ok' && (valid || role === 'member');
    const out = {
      fleet: f.config.name,
      url: f.config.displayUrl,
      role,
      logged_in: rec !== null,
      can_serve: canServe,
      needs_push: rec?.state === 'needs_push',
      reason: rec?.reason ?? null,
      generation: rec?.gen ?? null,
      account_id: rec?.accountId ?? null,
      plan_type: id?.planType ?? null,
      email: id?.email ?? null,
      expires_at: exp !== undefined ? new Date(exp).toISOString() : null,
      last_refresh: rec ? { at: rec.madeAt ? new Date(rec.madeAt).toISOString() : null, by: rec.madeBy || null, how: rec.madeHow || null } : null,
      refreshing_now: s.leaseHeld ?? null,
      members: s.members?.map((m) => ({ member: m.member, seen_at: new Date(m.seenAt).toISOString() })) ?? null,
    };
    if (opts.json) {
      io.stdout.write(`${JSON.stringify(out)}\n`);
      return canServe ? 0 : 1;
    }
    const lines = [FLEET.statusLine(out.fleet, out.url)];
    if (!rec) lines.push(`  ${FLEET.notLoggedIn(out.fleet)}`);
    else {
      lines.push(`  generation:   ${out.generation}${out.needs_push ? ` — NEEDS A NEW PUSH: ${out.reason ?? ''}` : ''}`);
      lines.push(`  account:      ${out.account_id ?? '-'}${out.email ? ` (${out.email})` : ''}, plan ${out.plan_type ?? '-'}`);
      lines.push(`  access token: ${out.expires_at ? `${valid ? 'valid until' : 'EXPIRED at'} ${out.expires_at}` : 'no expiry'}`);
      lines.push(`  last change:  ${out.last_refresh?.how ?? '-'} by ${out.last_refresh?.by ?? '-'} at ${out.last_refresh?.at ?? '-'}`);
      if (out.members) lines.push(`  members seen: ${out.members.map((m) => m.member).join(', ') || '-'}`);
      lines.push(`  this process: ${role}${canServe ? ', can serve' : ', cannot serve'}`);
    }
    io.stdout.write(`${lines.map((l) => l.replace(/[\u0000-\u001f\u007f]/g, '')).join('\n')}\n`);
    return canServe ? 0 : 1;
  } finally {
    await f.close();
  }
}
