// `login status` under workload identity (codex-0171-delta.md §1.7): one exchange, then
// `Logged in using workload identity`; a configuration or exchange failure is thrown (the command
// prints `Error checking login status: <message>`, exit 1). Nothing is written to CODEX_HOME.
import { policyOf } from '../config/policy.js';
import type { AuthConfig } from '../config/types.js';
import { WORKLOAD } from '../messages/workload.js';
import type { CliIO } from './io.js';

export async function workloadStatusLine(io: CliIO, config: AuthConfig): Promise<string> {
  const { createWorkloadSession } = await import('../workload/create.js');
  const setup = createWorkloadSession({
    env: io.env,
    now: io.now,
    policy: policyOf(config),
    ...(config.chatgptBaseUrl !== undefined ? { chatgptBaseUrl: config.chatgptBaseUrl } : {}),
    warn: (m) => io.stderr.write(`${m}\n`),
  });
  if (!setup) throw new Error('workload identity is not selected');
  if (!setup.ok) throw setup.error;
  await setup.session.token();
  return WORKLOAD.statusLine;
}
