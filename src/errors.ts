/**
 * The one error type every layer throws for an expected failure. `code` is one of
 * `CodexAuthErrorCode` (stable, machine-readable: `store.read_only`, `oauth.token_endpoint`,
 * `net.ca_read`…), and `details` has the facts that code carries (never secrets), typed per code
 * in `CodexAuthErrorDetails`. `message` is the user-facing text, already free of secrets. The CLI
 * prints `message` (with the command's prefix) and never a stack trace.
 */

/** Why a refresh token can no longer be used (spec §10.4). */
export type RefreshFailureReason = 'expired' | 'exhausted' | 'revoked' | 'other';

type None = Record<never, never>;
interface Status {
  status: number;
}
interface Transport {
  /** The request URL with anything secret removed. */
  url: string;
  timedOut: boolean;
}

/** Every error code, with the details it carries. */
export interface CodexAuthErrorDetails {
  'auth.aborted': None;
  'auth.agent_identity_missing': None;
  'auth.agent_identity_no_task': None;
  'auth.agent_task_decode': None;
  'auth.agent_task_encrypted': None;
  'auth.agent_task_request': None;
  'auth.agent_task_status': Partial<Status>;
  'auth.apikey_missing': None;
  'auth.bedrock_missing': None;
  /** 401 recovery has no step left: retrying the same credentials cannot help. */
  'auth.no_recovery': { reason: 'not_refreshable_auth' | 'other' };
  'auth.no_websocket': None;
  'auth.not_logged_in': None;
  'auth.pat_missing': None;
  'auth.pat_unsupported': None;
  'auth.refresh_lock_timeout': None;
  'auth.refresh_not_saved': { detail: string; storeCode: string };
  'auth.refresh_timeout': None;
  'auth.refresh_unsaved_elsewhere': None;
  'auth.token_data_unavailable': None;
  'profiles.bad_name': None;
  'profiles.corrupt': None;
  'profiles.duplicate': None;
  'profiles.ephemeral': None;
  'profiles.lock_timeout': None;
  'profiles.logout': None;
  'profiles.needs_signin': None;
  'profiles.not_chatgpt': None;
  'profiles.not_found': None;
  'profiles.not_logged_in': None;
  'profiles.other_account': None;
  'profiles.revoke_active': None;
  'profiles.unsaved_current': None;
  'workload.assertion': { transient: boolean; status?: number };
  'workload.config': { transient: boolean; status?: number };
  'workload.invalid_response': { transient: boolean; status?: number };
  'workload.policy': { transient: boolean; status?: number };
  'workload.rejected': { transient: boolean; status?: number };
  'workload.renewal_unavailable': { transient: boolean; status?: number };
  'workload.unavailable': { transient: boolean; status?: number };
  'store.link_target': None;
  'store.too_large': None;
  'config.invalid': Partial<{ key: string }>;
  'config.override': None;
  /** The fleet (src/fleet/, docs/fleet.md). */
  'fleet.busy': None;
  'fleet.config': None;
  'fleet.expired': None;
  'fleet.key_file': None;
  'fleet.key_mismatch': None;
  'fleet.key_required': None;
  'fleet.key_short': None;
  'fleet.lease_timeout': None;
  /** The fleet needs a new `fleet push` (a generation may be spent, its successor lost). */
  'fleet.needs_push': None;
  'fleet.not_configured': None;
  'fleet.not_fleet_token': None;
  'fleet.not_logged_in': None;
  'fleet.not_saved': None;
  'fleet.push_not_chatgpt': None;
  /** Redis answered with an error (NOPERM, WRONGPASS…). */
  'fleet.redis': None;
  /** Redis did not answer (refused, timed out, closed). */
  'fleet.unreachable': None;
  'login.callback_error': None;
  'login.cancelled': None;
  'login.failed': None;
  'login.interrupted': None;
  'login.invalid_id_token': None;
  'login.missing_code': None;
  'login.missing_entitlement': None;
  'login.persist': None;
  'login.port_in_use': { port: number };
  'login.token_exchange': None;
  'login.workspace_restricted': None;
  'net.ca_parse': { variable: string; path: string; certificate?: number };
  'net.ca_read': { variable: string; path: string };
  'net.closed': None;
  'net.proxy_unsupported': { variable: string };
  'net.request': { url: string; timedOut?: boolean };
  'net.websocket_status': { status: number | undefined; url: string };
  'oauth.agent_identity_format': None;
  'oauth.agent_identity_jwks': Partial<Status>;
  'oauth.agent_identity_kid': Partial<{ kid: string }>;
  'oauth.agent_identity_verify': Partial<{ reason: string }>;
  'oauth.api_key_exchange': None;
  'oauth.device_auth_failed': Partial<Status>;
  'oauth.device_not_enabled': Partial<Status>;
  'oauth.device_request_failed': Partial<Status>;
  'oauth.device_timeout': None;
  'oauth.invalid_id_token': None;
  'oauth.invalid_token_response': None;
  /** The refresh token cannot be used again (spec §10.4): sign in again. */
  'oauth.refresh_permanent': { reason: RefreshFailureReason; status?: number; errorCode?: string | undefined };
  /** A refresh that may succeed later: an HTTP answer (`status`) or no answer (`transport`). */
  'oauth.refresh_transient': Partial<Status & Transport & { errorCode: string | undefined; transport: true }>;
  'oauth.revoke_failed': Status;
  'oauth.token_endpoint': Status & { errorCode: string | undefined };
  'oauth.transport': Partial<Transport>;
  'oauth.whoami_decode': None;
  'oauth.whoami_request': Partial<Transport>;
  'oauth.whoami_status': Status;
  'store.codex_home': None;
  'store.delete': None;
  'store.external_auth': None;
  'store.hard_linked': None;
  'store.invalid_utf8': None;
  'store.keyring_unavailable': { op: string; timeout: boolean };
  'store.lock': None;
  'store.lock_timeout': Partial<{ path: string }>;
  'store.malformed': { origin: string };
  'store.read': None;
  'store.read_only': None;
  'store.write': None;
}

export type CodexAuthErrorCode = keyof CodexAuthErrorDetails;

type Each = CodexAuthErrorDetails[CodexAuthErrorCode];
type KeysOf<T> = T extends unknown ? keyof T : never;
type ValueOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
/** The details of an error whose code is not known: any code's fields, each possibly absent. */
export type AnyDetails = { [K in KeysOf<Each>]?: ValueOf<Each, K> };

/** `details` for code C: exact for one code, AnyDetails for the whole union. */
export type DetailsOf<C extends CodexAuthErrorCode> = CodexAuthErrorCode extends C ? AnyDetails : CodexAuthErrorDetails[C];

export interface CodexAuthErrorOptions<C extends CodexAuthErrorCode> {
  cause?: unknown;
  details?: DetailsOf<C>;
}

export class CodexAuthError<C extends CodexAuthErrorCode = CodexAuthErrorCode> extends Error {
  readonly code: C;
  /** Extra, machine-readable facts (never secrets). */
  readonly details: Readonly<DetailsOf<C>>;

  constructor(code: C, message: string, options?: CodexAuthErrorOptions<C>) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodexAuthError';
    this.code = code;
    this.details = options?.details ?? ({} as DetailsOf<C>);
  }
}

export function isCodexAuthError<C extends CodexAuthErrorCode = CodexAuthErrorCode>(e: unknown, code?: C): e is CodexAuthError<C> {
  return e instanceof CodexAuthError && (code === undefined || e.code === code);
}
