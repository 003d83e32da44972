import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allowedWorkspaceParam,
  effectiveWorkspaceIds,
  isLoginMethodAllowed,
  isStoredAuthAllowed,
  loginRefusal,
  workspaceRefusal,
} from '../../../src/config/policy.js';

test('login methods: unset allows both; forced allows one', () => {
  assert.equal(isLoginMethodAllowed({}, 'api'), true);
  assert.equal(isLoginMethodAllowed({}, 'chatgpt'), true);
  assert.equal(isLoginMethodAllowed({ forcedLoginMethod: 'api' }, 'chatgpt'), false);
  assert.equal(isLoginMethodAllowed({ forcedLoginMethod: 'chatgpt' }, 'chatgpt'), true);
});

test('login-time refusal messages (observed §1.3)', () => {
  const api = { forcedLoginMethod: 'api' as const };
  const chatgpt = { forcedLoginMethod: 'chatgpt' as const };
  assert.equal(loginRefusal(api, 'browser'), 'ChatGPT login is disabled. Use API key login instead.');
  assert.equal(loginRefusal(api, 'device'), 'ChatGPT login is disabled. Use API key login instead.');
  assert.equal(loginRefusal(api, 'accessToken'), 'Access token login is disabled. Use API key login instead.');
  assert.equal(loginRefusal(api, 'apiKey'), undefined);
  assert.equal(loginRefusal(chatgpt, 'apiKey'), 'API key login is disabled. Use ChatGPT login instead.');
  assert.equal(loginRefusal(chatgpt, 'accessToken'), undefined);
  assert.equal(loginRefusal({}, 'browser'), undefined);
});

test('workspaces: effective list, authorize parameter, login-time check messages', () => {
  const cfg = { allowedWorkspaces: [' ws-1 ', '', 'ws-2'] };
  assert.deepEqual(effectiveWorkspaceIds(cfg), ['ws-1', 'ws-2']);
  assert.equal(allowedWorkspaceParam(cfg), 'ws-1,ws-2');
  assert.equal(allowedWorkspaceParam({}), undefined);
  assert.equal(workspaceRefusal(cfg, 'ws-2'), undefined);
  assert.equal(workspaceRefusal(cfg, 'ws-other'), 'Login is restricted to workspace id(s) ws-1, ws-2.');
  assert.equal(
    workspaceRefusal(cfg, undefined),
    'Login is restricted to a specific workspace, but the token did not include an chatgpt_account_id claim.',
  );
  assert.equal(workspaceRefusal({}, 'anything'), undefined);
});

test('stored auth under a policy: method and (ChatGPT-only) workspace', () => {
  assert.equal(isStoredAuthAllowed({ forcedLoginMethod: 'api' }, 'chatgpt'), false);
  assert.equal(isStoredAuthAllowed({ forcedLoginMethod: 'api' }, 'personalAccessToken'), false);
  assert.equal(isStoredAuthAllowed({ forcedLoginMethod: 'chatgpt' }, 'apikey'), false);
  assert.equal(isStoredAuthAllowed({ forcedLoginMethod: 'chatgpt' }, 'bedrockApiKey'), false);
  assert.equal(isStoredAuthAllowed({ allowedWorkspaces: ['w'] }, 'apikey'), true);
  assert.equal(isStoredAuthAllowed({ allowedWorkspaces: ['w'] }, 'chatgpt', 'w'), true);
  assert.equal(isStoredAuthAllowed({ allowedWorkspaces: ['w'] }, 'chatgpt', 'x'), false);
  assert.equal(isStoredAuthAllowed({ allowedWorkspaces: ['w'] }, 'chatgpt', null), false);
});
