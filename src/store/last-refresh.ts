/** auth.json's `last_refresh` as 0.169.0 writes it (observed §2.1.5, §4). */

/** `2026-11-28T12:15:49.591000000Z`: RFC 3339 UTC, 9 fractional digits (ms precision). */
export function formatLastRefresh(nowMs: number): string {
  const iso = new Date(nowMs).toISOString(); // 2026-11-28T12:14:10.919Z
  return `${iso.slice(0, -1)}000000Z`;
}
