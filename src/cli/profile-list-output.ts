// What `codex-auth profile list` prints on stdout: a table (a `*` on the current login's profile)
// or, with --json, `{"profiles": [...]}`. Never a secret: the entries come from listProfiles().
import { PROFILES } from '../messages/profiles.js';
import type { ProfileListEntry } from '../profiles/list.js';

function when(iso: string | null): string {
  return iso ? iso.replace(/\.\d+Z$/, 'Z') : '-';
}

export function profileListText(entries: readonly ProfileListEntry[]): string {
  if (entries.length === 0) return `${PROFILES.noProfiles}\n`;
  const rows = entries.map((e) => [
    e.active ? '*' : ' ',
    e.name,
    e.account_id ?? '-',
    e.email ?? '-',
    e.plan_type ?? '-',
    e.mode,
    e.workspace ?? '-',
    e.needs_signin ? 'needs a new sign-in' : when(e.expires_at),
    when(e.last_used),
  ]);
  const all = [[...PROFILES.listHeader], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export function profileListJson(entries: readonly ProfileListEntry[]): string {
  return `${JSON.stringify({ profiles: entries })}\n`;
}
