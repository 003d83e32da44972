import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTransportError, redactUrl } from '../../../src/net/redact.js';
import { CodexAuthError } from '../../../src/errors.js';

test('secrets in the query are redacted, case-insensitively; other params, host and path kept', () => {
  const url =
    'https://user:pw@auth.example.com:8443/oauth/token?code=c1&STATE=s1&code_verifier=v&access_token=a&refresh_token=r&id_token=i&token=t&api_key=k1&key=k2&client_secret=cs&requested_token=rt&subject_token=st&client_id=app_1&scope=openid+profile#frag';
  const out = redactUrl(url);
  assert.equal(
    out,
    'https://auth.example.com:8443/oauth/token?code=<redacted>&STATE=<redacted>&code_verifier=<redacted>&access_token=<redacted>&refresh_token=<redacted>&id_token=<redacted>&token=<redacted>&api_key=<redacted>&key=<redacted>&client_secret=<redacted>&requested_token=<redacted>&subject_token=<redacted>&client_id=app_1&scope=openid+profile',
  );
  for (const secret of ['pw', 'c1', 's1', 'k1', 'k2', 'cs', 'frag']) assert.ok(!out.includes(`=${secret}`) && !out.includes(`${secret}@`), secret);
  assert.ok(out.includes('code=<redacted>'));
});

test('URLs without secrets are unchanged; an empty query disappears; garbage is not echoed', () => {
  assert.equal(redactUrl('http://127.0.0.1:1/api/accounts/deviceauth/usercode'), 'http://127.0.0.1:1/api/accounts/deviceauth/usercode');
  assert.equal(redactUrl('http://h/p?'), 'http://h/p');
  assert.equal(redactUrl(new URL('http://h')), 'http://h/');
  assert.equal(redactUrl('not a url code=secret'), '<invalid-url>');
  // Other pairs keep their encoding; encoded or bare secret keys are still caught.
  assert.equal(redactUrl('http://h/?q=a%20b&c%6Fde=x&token&x=1+2'), 'http://h/?q=a%20b&c%6Fde=<redacted>&token=<redacted>&x=1+2');
});

test('describeTransportError: the reference wording, or our own net.* message as is', () => {
  assert.equal(
    describeTransportError(new TypeError('fetch failed'), 'http://127.0.0.1:1/x?code=abc'),
    'error sending request for url (http://127.0.0.1:1/x?code=<redacted>)',
  );
  const ca = new CodexAuthError('net.ca_read', 'Failed to read CA certificate file x selected by SSL_CERT_FILE: ...');
  assert.equal(describeTransportError(ca, 'http://h/'), ca.message);
  assert.equal(describeTransportError(new CodexAuthError('oauth.whoami_decode', 'other'), 'http://h/'), 'error sending request for url (http://h/)');
});
