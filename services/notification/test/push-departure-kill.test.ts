/**
 * The adapter reports a push's departure just before its bytes are handed to the OS, and nothing
 * else: killed at that report, nothing reaches FCM (so a claim committed then never stands for a
 * push that went twice); killed right after the write, the push still arrives (so nothing between
 * the report and the write can hold it back). Real SDK, a child process, a local stand-in of FCM v1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { standinCredentials, startFcmStandin, type FcmStandin, type StandinCredentials } from '../../../test/support/fcm-standin.ts';
import { runToExit } from '../../../test/support/run-to-exit.ts';
import type { DieAt } from './fixtures/push-then-die.ts';

const script = fileURLToPath(new URL('./fixtures/push-then-die.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a push whose sender is killed as it leaves', () => {
  let credentials: StandinCredentials;
  let standin: FcmStandin;

  before(async () => {
    credentials = standinCredentials(mkdtempSync(join(tmpdir(), 'lynk-fcm-kill-')));
    standin = await startFcmStandin(credentials);
  });

  after(async () => {
    await standin?.close();
  });

  /** Runs the fixture; returns how many pushes to `token` the stand-in got, once a request on the wire had time to land. */
  async function pushThenDie(token: string, dieAt: DieAt): Promise<number> {
    const { signal, output } = await runToExit(script, [standin.origin, credentials.caFile, token, dieAt]);
    assert.equal(signal, 'SIGKILL', `${token}: the child was killed (${output.trim()})`);
    await sleep(300);
    if (dieAt !== 'written-cold') assert.equal(standin.received.filter((push) => push.message.token === `${token}-warm`).length, 1, `${token}: the warm-up push arrived`);
    return standin.received.filter((push) => push.message.token === token).length;
  }

  it('never arrives when the process dies as the adapter reports it leaving', async () => {
    for (let run = 0; run < 3; run++) assert.equal(await pushThenDie(`departed-${run}`, 'departed'), 0, `run ${run}`);
  });

  it('arrives, every time, when the process dies right after the write', async () => {
    for (let run = 0; run < 3; run++) assert.equal(await pushThenDie(`written-${run}`, 'written'), 1, `run ${run}`);
    for (let run = 0; run < 3; run++) assert.equal(await pushThenDie(`written-cold-${run}`, 'written-cold'), 1, `cold run ${run}`);
  });
});
