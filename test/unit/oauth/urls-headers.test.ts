import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refreshTokenUrl, refreshKeepsProvenance, revokeTokenUrl, deriveRevokeUrl, tokenUrl, deviceRedirectUri } from '../../../src/oauth/urls.js';
import { refreshClientId, revokeClientId } from '../../../src/oauth/client-id.js';
import { redactUrl } from '../../../src/oauth/send.js';
import { defaultHeaders, originator, osDescription, terminalToken, userAgent, versionDisplay, currentSystemInfo, type SystemInfo } from '../../../src/oauth/headers.js';

test('refresh URL: override verbatim, else <provenance issuer>/oauth/token, else the default', () => {
  assert.equal(refreshTokenUrl({ CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:9/t?x=1' }, 'https://iss'), 'http://127.0.0.1:9/t?x=1');
  assert.equal(refreshTokenUrl({}, 'http://127.0.0.1:7/'), 'http://127.0.0.1:7/oauth/token');
  assert.equal(refreshTokenUrl({}, null), 'https://auth.openai.com/oauth/token');
  assert.equal(refreshTokenUrl({}), 'https://auth.openai.com/oauth/token');
});

test('provenance survives a refresh only at exactly <issuer>/oauth/token', () => {
  assert.equal(refreshKeepsProvenance('http://127.0.0.1:7/oauth/token', 'http://127.0.0.1:7/'), true);
  assert.equal(refreshKeepsProvenance('http://localhost:7/oauth/token', 'http://127.0.0.1:7'), false);
  assert.equal(refreshKeepsProvenance('http://127.0.0.1:7/oauth/token?x=1', 'http://127.0.0.1:7'), false);
});

test('revoke URL: override, else derived from the refresh override (path /oauth/revoke, no query), else default; never provenance', () => {
  assert.equal(revokeTokenUrl({ CODEX_REVOKE_TOKEN_URL_OVERRIDE: 'http://h/r', CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'http://x/t' }), 'http://h/r');
  assert.equal(revokeTokenUrl({ CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'http://127.0.0.1:1234/oauth/token?unified=true' }), 'http://127.0.0.1:1234/oauth/revoke');
  assert.equal(revokeTokenUrl({ CODEX_REFRESH_TOKEN_URL_OVERRIDE: 'not a url' }), 'https://auth.openai.com/oauth/revoke');
  assert.equal(revokeTokenUrl({}), 'https://auth.openai.com/oauth/revoke');
  assert.equal(deriveRevokeUrl('http://h:1/a/b/token'), 'http://h:1/oauth/revoke');
});

test('token and device redirect URLs trim the issuer', () => {
  assert.equal(tokenUrl('http://h/prefix//'), 'http://h/prefix/oauth/token');
  assert.equal(deviceRedirectUri('http://h/'), 'http://h/deviceauth/callback');
});

test('client ids: refresh follows provenance, revoke does not', () => {
  assert.equal(refreshClientId({}, 'prov-client'), 'prov-client');
  assert.equal(refreshClientId({}, null), 'app_EMoamEEZ73f0CkXaXp7hrann');
  assert.equal(refreshClientId({ CODEX_APP_SERVER_LOGIN_CLIENT_ID: 'env-client' }), 'env-client');
  assert.equal(revokeClientId({}), 'app_EMoamEEZ73f0CkXaXp7hrann');
  assert.equal(revokeClientId({ CODEX_APP_SERVER_LOGIN_CLIENT_ID: '  ' }), 'app_EMoamEEZ73f0CkXaXp7hrann');
});

const DEBIAN: SystemInfo = { platform: 'linux', arch: 'x86_64', release: '6.1.0', osRelease: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nID=debian\n' };

test('User-Agent: codex_cli_rs/<version> (<OS> <version>; <arch>) <terminal>, as observed', () => {
  assert.equal(userAgent({ env: { TERM: 'xterm' }, system: DEBIAN }), 'codex_cli_rs/0.171.0 (Debian 12.0.0; x86_64) xterm');
  assert.equal(userAgent({ env: {}, system: DEBIAN }), 'codex_cli_rs/0.171.0 (Debian 12.0.0; x86_64) unknown');
  assert.deepEqual(defaultHeaders({ env: { TERM: 'xterm', CODEX_INTERNAL_ORIGINATOR_OVERRIDE: 'codex_exec' }, system: DEBIAN, version: '1.2.3' }), {
    originator: 'codex_exec',
    'user-agent': 'codex_exec/1.2.3 (Debian 12.0.0; x86_64) xterm',
  });
});

test('originator override must be a valid header value', () => {
  assert.equal(originator({}), 'codex_cli_rs');
  assert.equal(originator({ CODEX_INTERNAL_ORIGINATOR_OVERRIDE: 'bad\nvalue' }), 'codex_cli_rs');
  assert.equal(originator({ CODEX_INTERNAL_ORIGINATOR_OVERRIDE: 'my_app' }), 'my_app');
});

test('OS part from /etc/os-release, like os_info', () => {
  const linux = (osRelease: string | null) => osDescription({ ...DEBIAN, osRelease });
  assert.equal(linux('ID=ubuntu\nVERSION_ID="22.04"\n'), 'Ubuntu 22.4.0');
  assert.equal(linux('ID=alpine\nVERSION_ID=3.19.1\n'), 'Alpine Linux 3.19.1');
  assert.equal(linux('ID=arch\n'), 'Arch Linux Unknown');
  assert.equal(linux("ID='fedora'\nVERSION_ID=40\n"), 'Fedora 40.0.0');
  assert.equal(linux('ID=somethingelse\nVERSION_ID=1\n'), 'Linux Unknown');
  assert.equal(linux(null), 'Linux Unknown');
  assert.equal(osDescription({ platform: 'darwin', arch: 'arm64', release: '24.1.0', osRelease: null }), 'Mac OS 15.1.0');
  assert.equal(osDescription({ platform: 'darwin', arch: 'arm64', release: '19.6.0', osRelease: null }), 'Mac OS 10.15.0');
  assert.equal(osDescription({ platform: 'win32', arch: 'x86_64', release: '10.0.22631', osRelease: null }), 'Windows 10.0.22631');
  assert.equal(versionDisplay('rolling'), 'rolling');
  assert.equal(versionDisplay('1.2.3.4'), '1.2.3.4');
});

test('terminal token: TERM_PROGRAM[/version], terminal variables, TERM, unknown; unsafe chars → _', () => {
  assert.equal(terminalToken({ TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.5.0', TERM: 'xterm' }), 'iTerm.app/3.5.0');
  assert.equal(terminalToken({ TERM_PROGRAM: 'vscode', TERM_PROGRAM_VERSION: '' }), 'vscode');
  assert.equal(terminalToken({ TERM_PROGRAM: 'My Term(1)' }), 'My_Term_1_');
  assert.equal(terminalToken({ WEZTERM_VERSION: '2024', TERM: 'xterm' }), 'WezTerm/2024');
  assert.equal(terminalToken({ KITTY_WINDOW_ID: '1' }), 'kitty');
  assert.equal(terminalToken({ GNOME_TERMINAL_SCREEN: 'x', TERM: 'xterm-256color' }), 'gnome-terminal');
  assert.equal(terminalToken({ VTE_VERSION: '7600', TERM: 'xterm-256color' }), 'VTE/7600');
  assert.equal(terminalToken({ TERM: 'xterm-256color' }), 'xterm-256color');
  assert.equal(terminalToken({ TERM: '  ' }), 'unknown');
});

test('the real machine description needs no process spawn and is well formed', () => {
  const ua = userAgent({ env: { TERM: 'xterm' } });
  assert.match(ua, /^codex_cli_rs\/0\.171\.0 \([^;()]+ [^;()]+; [^;()]+\) xterm$/);
  assert.equal(currentSystemInfo(), currentSystemInfo());
});

test('URLs in messages lose userinfo, fragment and secret query values, keep the rest', () => {
  assert.equal(redactUrl('http://u:p@h:1/cb?code=abc&x=a%2Fb&state=s#frag'), 'http://h:1/cb?code=<redacted>&x=a%2Fb&state=<redacted>');
  assert.equal(redactUrl('http://127.0.0.1:1/oauth/token'), 'http://127.0.0.1:1/oauth/token');
  // Unparsable input could hide a secret anywhere: it is not echoed at all.
  assert.equal(redactUrl('not a url?token=x'), '<invalid-url>');
});
