import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import cassandraDriver from 'cassandra-driver';
import { retryFailedControlConnectionRefresh } from '../src/store/control-connection-guard.ts';

type Control = { _isShuttingDown: boolean; _refresh(...args: unknown[]): Promise<void> };
const controlOf = (client: cassandraDriver.Client) => (client as unknown as { controlConnection: Control }).controlConnection;
// Never connected: only the control connection object is exercised.
const unconnectedClient = () => new cassandraDriver.Client({ contactPoints: ['127.0.0.1:9'], localDataCenter: 'dc1' });

describe('cassandra-driver control connection refresh (NODEJS-681)', () => {
  // The retry timer does not hold a process open; the test must stay alive until it fires.
  let keepAlive: NodeJS.Timeout;
  before(() => (keepAlive = setInterval(() => undefined, 1000)));
  after(() => clearInterval(keepAlive));

  it('a refresh that throws the driver TypeError neither rejects nor gives up: it is tried again', async () => {
    const client = unconnectedClient();
    const control = controlOf(client);
    const attempts: number[] = [];
    const retried = new Promise<void>((resolve) => {
      control._refresh = async () => {
        attempts.push(Date.now());
        if (attempts.length === 1) throw new TypeError("Cannot read properties of null (reading 'endpoint')");
        resolve();
      };
    });
    retryFailedControlConnectionRefresh(client, 20);
    await control._refresh();
    await retried;
    assert.equal(attempts.length, 2);
  });

  it('a client that is shutting down is not refreshed again', async () => {
    const client = unconnectedClient();
    const control = controlOf(client);
    let attempts = 0;
    control._refresh = async () => {
      attempts += 1;
      throw new TypeError('connection gone');
    };
    retryFailedControlConnectionRefresh(client, 5);
    control._isShuttingDown = true;
    await control._refresh();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(attempts, 1);
  });
});
