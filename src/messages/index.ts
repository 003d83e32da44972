/**
 * Every user-facing message of codex-auth lives under src/messages/, one file per area, so that
 * wording can be compared with the official Codex CLI in one place. Texts that the official
 * binary prints are copied byte for byte (see docs/reference/codex-cli-observed.md);
 * where we add guidance we keep the reference's first words and add ours after them.
 */
export * from './auth.js';
export * from './config.js';
export * from './help.js';
export * from './login-flow.js';
export * from './login.js';
export * from './net.js';
export * from './oauth.js';
export * from './status.js';
export * from './store.js';
export * from './token.js';
