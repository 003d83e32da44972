// One process of the fleet storm bench (bench/scenarios/7-fleet.mjs): a library AuthManager on
// the fleet of its environment; says {ready} once it has loaded the (due) generation, and on 'go'
// calls getAuth() and reports {doneAt (hrtime ns), token fingerprint}.
import { createHash } from 'node:crypto';
import { createAuthManager } from '../../dist/index.js';

const manager = await createAuthManager({ env: process.env });
await manager.reload();
process.send({ ready: true });
process.on('message', async (m) => {
  if (m !== 'go') return;
  let token = null;
  let error = '';
  try {
    token = (await manager.getAuth())?.token ?? null;
  } catch (e) {
    error = e.message;
  }
  const doneAt = String(process.hrtime.bigint());
  process.send({ doneAt, token: token && createHash('sha256').update(token).digest('hex').slice(0, 12), error });
  await manager.close();
  process.disconnect();
});
