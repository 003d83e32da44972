// The HTML pages: every dynamic value escaped; self-contained (inline CSS, no scripts, no external assets).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseAccount } from '../../../src/issuer/accounts.js';
import { approvePage, enterCodePage } from '../../../src/issuer/pages/device.js';
import { escapeHtml, messagePage } from '../../../src/issuer/pages/layout.js';
import { signinPage } from '../../../src/issuer/pages/signin.js';

const evil = `<script>alert("x")</script>&'`;

describe('issuer pages', () => {
  it('escapeHtml escapes & < > " \'', () => {
    assert.equal(escapeHtml(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });

  it('every page escapes what it shows and loads nothing from elsewhere', () => {
    const account = normaliseAccount({ email: 'a@example.com', name: evil, workspaces: [{ id: 'ws-1', name: evil, plan: evil }] });
    const choices = [{ account, workspace: account.workspaces[0]! }];
    const pages = [
      signinPage({ txn: evil, clientId: evil, redirectUri: evil, choices, allowedWorkspaces: [evil] }),
      signinPage({ txn: 't', clientId: 'c', redirectUri: 'http://127.0.0.1:1455/auth/callback', choices: [], allowedWorkspaces: ['ws-x'] }),
      enterCodePage({ error: evil, prefill: evil }),
      approvePage({ userCode: evil, choices }),
      messagePage({ title: evil, heading: evil, message: evil, detail: evil, tone: 'error' }),
    ];
    for (const html of pages) {
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /(src|href)=/i, 'no external assets');
      assert.match(html, /<style>/);
      assert.doesNotMatch(html, /alert\("x"\)/);
    }
    assert.match(pages[0]!, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;&#39;/);
    assert.match(pages[1]!, /No account here belongs to an allowed workspace/);
  });
});
