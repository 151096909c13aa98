import type cassandraDriver from 'cassandra-driver';

interface ControlConnectionInternals {
  _isShuttingDown: boolean;
  _refresh(...args: unknown[]): Promise<void>;
}

/**
 * cassandra-driver 4.10 (upstream NODEJS-681): when the control connection drops while it is
 * still reading the topology, `_refresh` throws a TypeError on `this.connection.endpoint`. From
 * the driver's reconnection timer that rejection is unhandled and ends the process (under a store
 * overload every message instance went down at once); from elsewhere it is swallowed and the
 * control connection never comes back. A failed refresh is retried after `retryAfterMs` instead.
 * No fixed driver has been released; remove this once one is.
 */
export function retryFailedControlConnectionRefresh(client: cassandraDriver.Client, retryAfterMs = 1000): void {
  const control = (client as unknown as { controlConnection: ControlConnectionInternals }).controlConnection;
  const refresh = control._refresh.bind(control);
  control._refresh = async (...args: unknown[]) => {
    try {
      await refresh(...args);
    } catch {
      if (control._isShuttingDown) return;
      setTimeout(() => void control._refresh(), retryAfterMs).unref();
    }
  };
}
