export { loadConfig, type LoadConfigOptions } from './load.js';
export { parseOverrides, parseOverride, applyOverrides, type ConfigOverride } from './overrides.js';
export * from './policy.js';
export type { AuthConfig, LoginMethod } from './types.js';
