// Runs the embedded issuer from the build (until `codex-auth issuer` is wired): node scripts/issuer.mjs --port 0 --admin
import { runIssuerCli } from '../dist/issuer/cli.js';

process.exitCode = await runIssuerCli({ argv: process.argv.slice(2), stdout: process.stdout, stderr: process.stderr, env: process.env });
