/**
 * `npm run test:integration`: starts the stack once (or reuses a running one), runs the
 * integration tests against it, then the lifecycle tests, which stop and start it themselves.
 * A stack this run started is stopped at the end.
 */
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../mesh/src/paths.ts';
import { findTestFiles } from './find-tests.ts';

const cli = (command: string, quiet = false) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'mesh/src/cli.ts', command], { cwd: repoRoot, stdio: quiet ? 'ignore' : 'inherit' }).status;

// A stack started for the tests rotates SVIDs every ~30 s, so rotation tests finish quickly;
// a stack that is already running keeps its own lifetime (the tests read it from the certificates).
process.env.LYNK_SVID_TTL ??= '60s';
// Pushes go through the real firebase-admin SDK to a stand-in the notification tests run.
process.env.LYNK_PUSH_PROVIDER ??= 'fcm-standin';

const wasRunning = cli('status', true) === 0;
if (!wasRunning && cli('start') !== 0) {
  process.stderr.write('integration tests need the stack, and it did not start\n');
  process.exit(1);
}

// Lifecycle tests last: they stop and restart the shared stack.
const files = [...findTestFiles(repoRoot, ['test/integration']), ...findTestFiles(repoRoot, ['test/lifecycle'])];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: repoRoot,
  stdio: 'inherit',
});

if (!wasRunning) cli('stop');
process.exit(result.status ?? 1);
