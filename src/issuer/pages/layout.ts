// The page shell shared by every issuer page: escaped text, inline CSS, no scripts, no external assets.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f4f5;color:#18181b}
main{width:100%;max-width:460px;margin:24px;background:#fff;border:1px solid #e4e4e7;border-radius:14px;
  padding:32px;box-shadow:0 8px 24px rgba(0,0,0,.06)}
.brand{display:flex;align-items:center;gap:10px;font-weight:600;color:#52525b;margin-bottom:18px}
.logo{width:28px;height:28px;border-radius:8px;background:#18181b;color:#fff;display:flex;align-items:center;
  justify-content:center;font-size:14px}
h1{font-size:22px;margin:0 0 8px}
p{margin:0 0 16px;color:#3f3f46}
.muted{color:#71717a;font-size:13px}
.error{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;border-radius:10px;padding:10px 12px;margin-bottom:16px}
.ok{background:#f0fdf4;border:1px solid #bbf7d0;color:#166534;border-radius:10px;padding:10px 12px;margin-bottom:16px}
fieldset{border:0;padding:0;margin:0 0 20px}
legend{font-weight:600;margin-bottom:8px}
label.choice{display:flex;gap:10px;align-items:flex-start;border:1px solid #e4e4e7;border-radius:10px;padding:10px 12px;
  margin-bottom:8px;cursor:pointer}
label.choice:hover{border-color:#a1a1aa}
label.choice input{margin-top:4px}
.who{font-weight:600}
.ws{color:#52525b;font-size:13px}
input[type=text]{width:100%;font:600 22px/1.2 ui-monospace,SFMono-Regular,Menlo,monospace;letter-spacing:.12em;
  text-transform:uppercase;padding:12px;border:1px solid #d4d4d8;border-radius:10px;margin-bottom:16px;text-align:center}
.actions{display:flex;gap:10px;margin-bottom:16px}
button{flex:1;font:inherit;font-weight:600;padding:11px 14px;border-radius:10px;border:1px solid #18181b;cursor:pointer}
button.primary{background:#18181b;color:#fff}
button.secondary{background:#fff;color:#18181b;border-color:#d4d4d8}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;background:#f4f4f5;padding:1px 5px;border-radius:5px}
footer{margin-top:22px;font-size:12px;color:#a1a1aa}
`;

/** A complete HTML document. `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<div class="brand"><span class="logo" aria-hidden="true">&#9670;</span><span>codex-auth issuer</span></div>
${body}
<footer>A local test issuer that speaks the OpenAI sign-in protocol. Nothing here reaches OpenAI.</footer>
</main>
</body>
</html>
`;
}

/** A page with a heading, a message and an optional error/ok banner. */
export function messagePage(opts: { title: string; heading: string; message: string; tone?: 'error' | 'ok' | 'plain'; detail?: string }): string {
  const banner = opts.tone === 'error' || opts.tone === 'ok' ? `<div class="${opts.tone}" role="status">${escapeHtml(opts.message)}</div>` : `<p>${escapeHtml(opts.message)}</p>`;
  const detail = opts.detail ? `<p class="muted">${escapeHtml(opts.detail)}</p>` : '';
  return page(opts.title, `<h1>${escapeHtml(opts.heading)}</h1>\n${banner}\n${detail}`);
}
