import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bypassesProxy, parseProxyValue, proxyForUrl, proxyRouter } from '../../../src/net/proxy.js';

const pick = (url: string, env: Record<string, string>): string | null => {
  const p = proxyForUrl(url, env);
  return p ? `${p.variable} ${p.url.href}` : null;
};

test('scheme selection, ALL_PROXY fallback, UPPERCASE wins (as the official binary does)', () => {
  const env = { HTTP_PROXY: 'http://h:1', HTTPS_PROXY: 'http://s:2', ALL_PROXY: 'http://a:3' };
  assert.equal(pick('http://x/', env), 'HTTP_PROXY http://h:1/');
  assert.equal(pick('ws://x/', env), 'HTTP_PROXY http://h:1/');
  assert.equal(pick('https://x/', env), 'HTTPS_PROXY http://s:2/');
  assert.equal(pick('wss://x/', env), 'HTTPS_PROXY http://s:2/');
  assert.equal(pick('https://x/', { ALL_PROXY: 'http://a:3', HTTP_PROXY: 'http://h:1' }), 'ALL_PROXY http://a:3/');
  assert.equal(pick('https://x/', { HTTPS_PROXY: 'http://U:1', https_proxy: 'http://l:2' }), 'HTTPS_PROXY http://u:1/');
  assert.equal(pick('https://x/', { ALL_PROXY: 'http://U:1', all_proxy: 'http://l:2' }), 'ALL_PROXY http://u:1/');
  assert.equal(pick('https://x/', { https_proxy: 'http://l:2' }), 'https_proxy http://l:2/');
  // An empty uppercase variable hides the lowercase one (no proxy from it), then ALL_PROXY applies.
  assert.equal(pick('https://x/', { HTTPS_PROXY: '', https_proxy: 'http://l:2' }), null);
  assert.equal(pick('https://x/', { HTTPS_PROXY: '', https_proxy: 'http://l:2', ALL_PROXY: 'http://a:3' }), 'ALL_PROXY http://a:3/');
  assert.equal(pick('https://x/', {}), null);
  // CGI: never proxy (httpoxy).
  assert.equal(pick('http://x/', { HTTP_PROXY: 'http://h:1', REQUEST_METHOD: 'GET' }), null);
  // Only the injected env counts.
  process.env.HTTPS_PROXY = 'http://from-process-env:9';
  try {
    assert.equal(pick('https://x/', {}), null);
  } finally {
    delete process.env.HTTPS_PROXY;
  }
});

test('proxy values: no scheme means http, credentials become Basic auth, unusable values are ignored', () => {
  assert.equal(parseProxyValue('127.0.0.1:3128', 'V')?.url.href, 'http://127.0.0.1:3128/');
  const p = parseProxyValue('http://us%40er:p%3Aw@proxy:8080/ignored/path', 'V');
  assert.equal(p?.url.href, 'http://proxy:8080/');
  assert.equal(p?.authorization, `Basic ${Buffer.from('us@er:p:w').toString('base64')}`);
  assert.equal(parseProxyValue('http://user@proxy:8080', 'V')?.authorization, `Basic ${Buffer.from('user:').toString('base64')}`);
  assert.equal(parseProxyValue('http://proxy:8080/a@b', 'V')?.authorization, undefined);
  assert.equal(parseProxyValue('https://proxy:443', 'V')?.supported, true);
  assert.equal(parseProxyValue('socks5://proxy:1080', 'V')?.supported, false);
  assert.equal(parseProxyValue('ftp://proxy:21', 'V'), undefined);
  assert.equal(parseProxyValue('', 'V'), undefined);
  assert.equal(parseProxyValue('http://', 'V'), undefined);
});

test('NO_PROXY: *, domains and subdomains, IPs, CIDRs, IPv6, host:port; NO_PROXY wins over no_proxy', () => {
  const by = (url: string, no: string): boolean => bypassesProxy(new URL(url), { NO_PROXY: no });
  assert.equal(by('https://anything.example/', '*'), true);
  assert.equal(by('https://example.com/', 'example.com'), true);
  assert.equal(by('https://api.example.com/', 'example.com'), true);
  assert.equal(by('https://API.Example.COM/', '.example.com'), true);
  assert.equal(by('https://example.com/', '.example.com'), true);
  assert.equal(by('https://notexample.com/', 'example.com'), false);
  assert.equal(by('https://a.example.com/', '*.example.com'), true);
  assert.equal(by('https://example.invalid:444/', 'invalid'), true);
  assert.equal(by('http://10.1.2.3/', ' foo , 10.0.0.0/8 '), true);
  assert.equal(by('http://11.1.2.3/', '10.0.0.0/8'), false);
  assert.equal(by('http://127.0.0.1:8080/', '127.0.0.1'), true);
  assert.equal(by('http://[::1]:8080/', '::1'), true);
  assert.equal(by('http://[2001:db8::5]/', '2001:db8::/32'), true);
  assert.equal(by('https://svc.local:8443/', 'svc.local:8443'), true);
  assert.equal(by('https://svc.local/', 'svc.local:8443'), false);
  assert.equal(by('http://127.0.0.1:9/', '127.0.0.1:9'), true);
  assert.equal(by('http://127.0.0.1:10/', '127.0.0.1:9'), false);
  assert.equal(by('https://x/', ''), false);
  assert.equal(bypassesProxy(new URL('https://a.test/'), { NO_PROXY: 'foo', no_proxy: 'a.test' }), false);
  assert.equal(bypassesProxy(new URL('https://a.test/'), { no_proxy: 'a.test' }), true);
  assert.equal(proxyForUrl('https://a.test/', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'a.test' }), null);
});

test('proxyRouter answers like proxyForUrl per origin, and sees a change to any proxy variable of its env', () => {
  const env: Record<string, string | undefined> = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'a.test:8443' };
  const route = proxyRouter(env);
  const name = (u: string | URL): string | null => route(u)?.url.href ?? null;
  for (const u of ['https://a.test:8443/x', 'https://a.test/x', 'https://b.test/', 'http://b.test/', 'https://a.test:8443']) {
    assert.equal(name(u), proxyForUrl(u, env)?.url.href ?? null, u);
    assert.equal(name(new URL(u)), proxyForUrl(u, env)?.url.href ?? null, u);
  }
  assert.equal(name(new URL('https://a.test:8443/')), null);
  assert.equal(name(new URL('https://a.test/')), 'http://p:1/');
  // Same origin, different path: the remembered answer; then each variable change is seen at once.
  assert.equal(name(new URL('https://b.test/other')), 'http://p:1/');
  env.NO_PROXY = 'b.test';
  assert.equal(name(new URL('https://b.test/')), null);
  assert.equal(name(new URL('https://a.test:8443/')), 'http://p:1/');
  delete env.NO_PROXY;
  env.no_proxy = '*';
  assert.equal(name(new URL('https://b.test/')), null);
  delete env.no_proxy;
  env.HTTPS_PROXY = 'http://q:2';
  assert.equal(name(new URL('https://b.test/')), 'http://q:2/');
  env.REQUEST_METHOD = 'GET';
  assert.equal(name(new URL('https://b.test/')), null);
  delete env.REQUEST_METHOD;
  env.HTTPS_PROXY = '';
  env.ALL_PROXY = 'socks5://s:3';
  assert.equal(route(new URL('https://b.test/'))?.supported, false);
});

test('proxyRouter.anyProxy(): false exactly when no proxy variable names a usable proxy (then every URL goes direct)', () => {
  const env: Record<string, string | undefined> = { NO_PROXY: 'a.test' };
  const route = proxyRouter(env);
  assert.equal(route.anyProxy(), false);
  env.https_proxy = 'http://p:1';
  assert.equal(route.anyProxy(), true);
  env.HTTPS_PROXY = ''; // hides https_proxy
  assert.equal(route.anyProxy(), false);
  env.all_proxy = 'socks5://s:1'; // unsupported, but a proxy: requests must fail, not go direct
  assert.equal(route.anyProxy(), true);
  assert.equal(route(new URL('https://b.test/'))?.supported, false);
  delete env.all_proxy;
  env.HTTP_PROXY = 'ftp://nope:1'; // unusable: ignored, as by proxyForUrl
  assert.equal(route.anyProxy(), false);
  env.HTTP_PROXY = '127.0.0.1:3128';
  assert.equal(route.anyProxy(), true);
  env.REQUEST_METHOD = 'GET';
  assert.equal(route.anyProxy(), false);
  for (const u of ['http://x/', 'https://x/', 'ws://x/', 'wss://x/']) assert.equal(proxyForUrl(u, env), null);
});
