import { connect, type TLSSocket } from 'node:tls';
import { loopback } from '../../mesh/src/launcher/ports.ts';

export interface MtlsAttempt {
  /** 'established' when the handshake completed and the peer did not hang up at once. */
  outcome: string;
  /** What the server said first, if anything (e.g. an HTTP status line). */
  reply: string;
  peerUri?: string;
  /** Serial of the certificate the server presented, upper-case hex as Envoy's admin API shows it. */
  peerSerial?: string;
}

/**
 * Connects to a sidecar's mTLS port with the given client certificate, as another workload's
 * sidecar would, and verifies the server is `expectedServerId`. Optionally sends `request`.
 */
export function mtlsAttempt(port: number, client: { cert?: string; key?: string; ca: string }, expectedServerId: string, request?: string): Promise<MtlsAttempt> {
  return new Promise((resolve) => {
    let reply = '';
    let settled = false;
    const finish = (outcome: string, socket?: TLSSocket) => {
      if (settled) return;
      settled = true;
      const peer = socket?.getPeerCertificate();
      resolve({
        outcome,
        reply,
        ...(peer?.subjectaltname ? { peerUri: peer.subjectaltname.replace(/^URI:/, ''), peerSerial: peer.serialNumber.toUpperCase() } : {}),
      });
      socket?.destroy();
    };
    const socket = connect({
      host: loopback,
      port,
      ...client,
      // SVIDs carry a URI SAN, not a host name: check the SPIFFE ID instead.
      checkServerIdentity: (_host, cert) => (cert.subjectaltname === `URI:${expectedServerId}` ? undefined : new Error(`server is ${cert.subjectaltname}`)),
    });
    socket.on('secureConnect', () => {
      socket.write(request ?? '');
      // TLS 1.3 servers reject a client certificate after the client thinks the handshake is done.
      setTimeout(() => finish('established', socket), 1500);
    });
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (request) finish('established', socket);
    });
    socket.on('error', (error) => finish(error.message, socket));
    socket.on('close', () => finish(reply ? 'established' : 'closed by server', socket));
  });
}
