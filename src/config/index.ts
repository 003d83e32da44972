export { loadConfig, type LoadConfigOptions } from './load.js';
export { checkOverrides, parseOverrides, parseOverride, applyOverrides, type ConfigOverride, type TomlParse } from './overrides.js';
export * from './policy.js';
export type { AuthConfig, LoginMethod } from './types.js';
