import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { parse as parseToml } from 'smol-toml';
import { parseOverride as parseOverrideWith } from '../../../src/config/overrides.js';

const parseOverride = (raw: string) => parseOverrideWith(raw, parseToml);
import { isCodexAuthError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/run.js';

const COMMA =
  'forced_chatgpt_workspace_id must be a single workspace ID string or a TOML list of strings; comma-separated strings are not supported. Use `forced_chatgpt_workspace_id = ["123e4567-e89b-42d3-a456-426614174000", "123e4567-e89b-42d3-a456-426614174001"]` instead.';

async function withHome<T>(toml: string | null, fn: (home: string) => Promise<T>): Promise<T> {
  const d = tempDir();
  try {
    if (toml !== null) writeFileSync(join(d.path, 'config.toml'), toml);
    return await fn(d.path);
  } finally {
    d.cleanup();
  }
}

async function configError(home: string, overrides: string[]): Promise<{ code: string; message: string }> {
  try {
    await loadConfig({ codexHome: home, overrides });
  } catch (e) {
    assert.ok(isCodexAuthError(e), `expected a CodexAuthError, got ${String(e)}`);
    return { code: e.code, message: e.message };
  }
  assert.fail('loadConfig should have failed');
}

test('defaults without config.toml: file store, nothing forced', async () => {
  await withHome(null, async (home) => {
    const c = await loadConfig({ codexHome: home });
    assert.equal(c.credentialsStore, 'file');
    assert.equal(c.forcedLoginMethod, undefined);
    assert.equal(c.forcedWorkspaceIds, undefined);
    assert.equal(c.chatgptBaseUrl, undefined);
    assert.equal(c.codexHome, home);
  });
});

test('config.toml values are read and -c overrides win, last one last', async () => {
  const toml = 'cli_auth_credentials_store = "keyring"\nforced_login_method = "chatgpt"\nchatgpt_base_url = "http://127.0.0.1:9/x"\n[features]\nfoo = true\n';
  await withHome(toml, async (home) => {
    const c = await loadConfig({ codexHome: home, overrides: ['forced_login_method=bogus', 'forced_login_method=api', 'cli_auth_credentials_store="auto"'] });
    assert.equal(c.credentialsStore, 'auto');
    assert.equal(c.forcedLoginMethod, 'api');
    assert.equal(c.chatgptBaseUrl, 'http://127.0.0.1:9/x');
    assert.deepEqual({ ...c.features }, { foo: true }); // null-prototype (issue 10)
  });
});

test('--enable/--disable set features after -c', async () => {
  await withHome(null, async (home) => {
    const c = await loadConfig({ codexHome: home, overrides: ['features.a=false'], enable: ['a'], disable: ['b'] });
    assert.deepEqual({ ...c.features }, { a: true, b: false });
  });
});

test('-c values that are not TOML are used raw, trimmed of whitespace and quotes', () => {
  assert.deepEqual(parseOverride('forced_login_method="api').value, 'api');
  assert.deepEqual(parseOverride("forced_login_method='api").value, 'api');
  assert.deepEqual(parseOverride('forced_login_method= api ').value, 'api');
  assert.deepEqual(parseOverride('a=bo"gus"').value, 'bo"gus');
  assert.deepEqual(parseOverride('a=[1,').value, '[1,');
  assert.deepEqual(parseOverride(' a.b =1').path, ['a', 'b']);
  assert.deepEqual(parseOverride('a=["x", "y"]').value, ['x', 'y']);
  assert.deepEqual(parseOverride('a=x=y').value, 'x=y');
});

test('malformed -c arguments: missing = and empty key', async () => {
  await withHome(null, async (home) => {
    assert.deepEqual(await configError(home, ['forced_login_method']), {
      code: 'config.override',
      message: "Invalid override (missing '='): forced_login_method",
    });
    assert.deepEqual(await configError(home, ['=1']), { code: 'config.override', message: 'Empty key in override: =1' });
  });
});

test('unknown enum values name the variants and the key, as codex 0.169.0 does', async () => {
  await withHome(null, async (home) => {
    assert.equal(
      (await configError(home, ['forced_login_method=bogus'])).message,
      'unknown variant `bogus`, expected `chatgpt` or `api`\nin `forced_login_method`\n',
    );
    assert.equal(
      (await configError(home, ['cli_auth_credentials_store=bogus'])).message,
      'unknown variant `bogus`, expected one of `file`, `keyring`, `auto`, `ephemeral`\nin `cli_auth_credentials_store`\n',
    );
    // The reference's cryptic serde words, then what the key accepts.
    assert.equal(
      (await configError(home, ['forced_login_method=1'])).message,
      'invalid type: unit variant, expected string only (set forced_login_method to "chatgpt" or "api")\nin `forced_login_method`\n',
    );
    assert.equal(
      (await configError(home, ['cli_auth_credentials_store={}'])).message,
      'wanted exactly 1 element, found 0 elements (set cli_auth_credentials_store to "file", "keyring", "auto" or "ephemeral")\nin `cli_auth_credentials_store`\n',
    );
    assert.equal((await configError(home, ['forced_login_method.x=1'])).message, 'unknown variant `x`, expected `chatgpt` or `api`\nin `forced_login_method`\n');
    assert.equal((await configError(home, ['chatgpt_base_url=3'])).message, 'invalid type: integer `3`, expected a string\nin `chatgpt_base_url`\n');
    assert.equal((await configError(home, ['chatgpt_base_url=[1]'])).message, 'invalid type: sequence, expected a string\nin `chatgpt_base_url`\n');
    assert.equal((await configError(home, ['features=1'])).message, 'invalid type: integer `1`, expected struct FeaturesToml\nin `features`\n');
  });
});

test('forced_chatgpt_workspace_id: string or list, trimmed, blanks dropped; comma strings refused', async () => {
  await withHome(null, async (home) => {
    const one = await loadConfig({ codexHome: home, overrides: ['forced_chatgpt_workspace_id=ws-1'] });
    assert.deepEqual(one.forcedWorkspaceIds, ['ws-1']);
    const list = await loadConfig({ codexHome: home, overrides: ['forced_chatgpt_workspace_id=[" a ", "", "b"]'] });
    assert.deepEqual(list.forcedWorkspaceIds, ['a', 'b']);
    const blank = await loadConfig({ codexHome: home, overrides: ['forced_chatgpt_workspace_id=" "'] });
    assert.equal(blank.forcedWorkspaceIds, undefined);
    assert.equal((await configError(home, ['forced_chatgpt_workspace_id=a,b'])).message, `${COMMA}\nin \`forced_chatgpt_workspace_id\`\n`);
    assert.equal(
      (await configError(home, ['forced_chatgpt_workspace_id=[1]'])).message,
      'data did not match any variant of untagged enum Repr (set forced_chatgpt_workspace_id to a workspace ID string or a TOML list of strings)\nin `forced_chatgpt_workspace_id`\n',
    );
  });
});

test('errors in config.toml name the file, line and column of the value', async () => {
  await withHome('# comment\nforced_login_method = "bogus"\n', async (home) => {
    const file = join(home, 'config.toml');
    assert.equal(
      (await configError(home, [])).message,
      `${file}:2:23: unknown variant \`bogus\`, expected \`chatgpt\` or \`api\``,
    );
  });
  await withHome('forced_chatgpt_workspace_id = "a,b"\n', async (home) => {
    assert.equal((await configError(home, [])).message, `${join(home, 'config.toml')}:1:31: ${COMMA}`);
  });
});

test('a TOML syntax error names the file and says what to do', async () => {
  await withHome('forced_login_method = \n', async (home) => {
    const { code, message } = await configError(home, []);
    assert.equal(code, 'config.invalid');
    assert.ok(message.startsWith(`${join(home, 'config.toml')}:1:`), message);
    assert.match(message, /fix the TOML syntax in this file/);
    assert.ok(!message.includes('\n'), 'one line');
  });
});

test('an override fixes a bad value in config.toml (overrides apply before validation)', async () => {
  await withHome('forced_login_method = "bogus"\n', async (home) => {
    const c = await loadConfig({ codexHome: home, overrides: ['forced_login_method=api'] });
    assert.equal(c.forcedLoginMethod, 'api');
  });
});
