/** `npm run test:unit`: every `*.test.ts` under each service's test folder and mesh/test. No stores needed. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { repoRoot } from '../mesh/src/paths.ts';
import { findTestFiles } from './find-tests.ts';

const folders = [...readdirSync(`${repoRoot}/services`).map((service) => `services/${service}/test`), 'mesh/test'];
const files = findTestFiles(repoRoot, folders);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { cwd: repoRoot, stdio: 'inherit' });
process.exit(result.status ?? 1);
