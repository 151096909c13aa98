/**
 * A push the adapter says has left reaches FCM even if the process is SIGKILLed that instant: the
 * claim is committed at that moment, so a push that left must never depend on the process living
 * on. Killed as the request is only created, nothing arrives (so the test can tell). Real SDK, a child process, and a
 * local stand-in of FCM v1.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { standinCredentials, startFcmStandin, type FcmStandin, type StandinCredentials } from '../../../test/support/fcm-standin.ts';

const script = fileURLToPath(new URL('./fixtures/push-then-die.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pushThenDie(standin: FcmStandin, credentials: StandinCredentials, token: string, dieAt: 'departed' | 'request-created'): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, standin.origin, credentials.caFile, token, dieAt], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject).once('exit', (_code, signal) => resolve({ signal, output }));
  });
}

/** Pushes the stand-in got for `token`, after giving a request already on the wire time to land. */
async function arrivedFor(standin: FcmStandin, token: string): Promise<number> {
  await sleep(300);
  return standin.received.filter((push) => push.message.token === token).length;
}

describe('a push that left survives its sender being killed', () => {
  let credentials: StandinCredentials;
  let standin: FcmStandin;

  before(async () => {
    credentials = standinCredentials(mkdtempSync(join(tmpdir(), 'lynk-fcm-kill-')));
    standin = await startFcmStandin(credentials);
  });

  after(async () => {
    await standin?.close();
  });

  it('arrives, every time, when the process dies the instant the adapter says it left', async () => {
    for (let run = 0; run < 5; run++) {
      const token = `departed-${run}`;
      const { signal, output } = await pushThenDie(standin, credentials, token, 'departed');
      assert.equal(signal, 'SIGKILL', `run ${run}: the child was killed at departure (${output.trim()})`);
      assert.equal(await arrivedFor(standin, `${token}-warm`), 1, `run ${run}: the warm-up push arrived`);
      assert.equal(await arrivedFor(standin, token), 1, `run ${run}: the push that left arrived once`);
    }
  });

  it('does not arrive when the process dies as the request is created, before it was written', async () => {
    const { signal, output } = await pushThenDie(standin, credentials, 'request-created', 'request-created');
    assert.equal(signal, 'SIGKILL', output.trim());
    assert.equal(await arrivedFor(standin, 'request-created-warm'), 1);
    assert.equal(await arrivedFor(standin, 'request-created'), 0);
  });
});
