// Documents the official binary writes come back byte for byte after our load + save, and
// documents we write are read by it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore } from '../../../src/store/file-store.js';
import { serializeAuthDotJson } from '../../../src/store/auth-dot-json.js';
import { baseEnv, runOfficial } from '../../helpers/run.js';
import { withTempHome } from '../../helpers/temp-home.js';

async function reSave(home: string): Promise<void> {
  const s = new FileStore({ codexHome: home });
  await s.save((await s.load())!);
}

test('personal access token login (fake whoami): our rewrite is byte-identical', () =>
  withTempHome(async (home) => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"email":null,"chatgpt_user_id":"u","chatgpt_account_id":"a","chatgpt_plan_type":"plus","chatgpt_account_is_fedramp":false}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const env = baseEnv(home, { CODEX_AUTHAPI_BASE_URL: `http://127.0.0.1:${port}` });
      const r = await runOfficial(['login', '--with-access-token'], { env, stdin: 'at-round-trip-123' });
      assert.equal(r.code, 0, r.stderr);
      const official = readFileSync(join(home, 'auth.json'), 'utf8');
      assert.equal(official, '{\n  "OPENAI_API_KEY": null,\n  "personal_access_token": "at-round-trip-123"\n}');
      await reSave(home);
      assert.equal(readFileSync(join(home, 'auth.json'), 'utf8'), official);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }));

test('a 0.169.0 ChatGPT auth.json (observed §2.1.5 shape) and legacy shapes are kept byte for byte, and the official binary reads our file', () =>
  withTempHome(async (home) => {
    const file = join(home, 'auth.json');
    const docs = [
      // As 0.169.0 writes after a browser login.
      '{\n  "auth_mode": "chatgpt",\n  "OPENAI_API_KEY": "sk-fake-exchanged-29",\n  "tokens": {\n    "id_token": "a.e30.s",\n    "access_token": "b.e30.s",\n    "refresh_token": "rt-fake-28",\n    "oauth_provenance": {\n      "issuer": "https://auth.openai.com",\n      "client_id": "app_EMoamEEZ73f0CkXaXp7hrann"\n    },\n    "login_owner_id": "mUyLPlLFLRdHS15AGoeXZ_f07DeGVlwx9RHrI_5iLrs",\n    "account_id": "acct-fake-123"\n  },\n  "last_refresh": "2026-11-28T12:15:49.591163474Z"\n}',
      '{\n  "auth_mode": "apikey",\n  "OPENAI_API_KEY": "sk-test-1234567890ABCDE"\n}',
      '{\n  "auth_mode": "agentIdentity",\n  "OPENAI_API_KEY": null,\n  "agent_identity": "h.p.s"\n}',
    ];
    for (const text of docs) {
      writeFileSync(file, text);
      await reSave(home);
      assert.equal(readFileSync(file, 'utf8'), text);
    }
    await new FileStore({ codexHome: home }).save(JSON.parse(docs[0]!));
    const st = await runOfficial(['login', 'status'], { env: baseEnv(home) });
    assert.equal(st.stderr.trim(), 'Logged in using ChatGPT');
    // A legacy file without account_id gains "account_id": null, as the reference's serializer writes it.
    writeFileSync(file, '{"OPENAI_API_KEY":"sk-legacy-1234567890","tokens":{"id_token":"a.e30.s","access_token":"b","refresh_token":"c"},"last_refresh":"2025-01-01T00:00:00Z"}');
    await reSave(home);
    assert.equal(
      readFileSync(file, 'utf8'),
      serializeAuthDotJson({ OPENAI_API_KEY: 'sk-legacy-1234567890', tokens: { id_token: 'a.e30.s', access_token: 'b', refresh_token: 'c', account_id: null }, last_refresh: '2025-01-01T00:00:00Z' }),
    );
    const legacy = await runOfficial(['login', 'status'], { env: baseEnv(home) });
    assert.match(legacy.stderr, /API key configured - sk-legac\*\*\*67890/);
  }));
