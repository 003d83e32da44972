// A fresh process's first manager.fetch(): import the library, create a manager over a ChatGPT
// login (token valid, no refresh due), send one GET, read the body, exit. Timed as a whole by
// 7-cold-network.mjs. Usage: node first-fetch.mjs <dist/index.js URL> <CODEX_HOME> <url>
const [distIndex, codexHome, url] = process.argv.slice(2);
const { createAuthManager } = await import(distIndex);
const m = await createAuthManager({ codexHome, env: { ...process.env, CODEX_HOME: codexHome }, store: 'file' });
const res = await m.fetch(url);
const body = await res.text();
process.stdout.write(`${res.status} ${body.length}\n`);
await m.close?.();
