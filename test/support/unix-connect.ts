import { connect } from 'node:net';

/** How a connect to a unix socket ends: 'connected', or 'refused' when nothing serves it (or the file is gone). */
export function unixConnect(path: string): Promise<'connected' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', () => resolve('refused'));
  });
}
