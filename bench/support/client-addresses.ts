/**
 * Loopback source addresses for bench clients. The edge limits each client address to 100
 * requests/s (burst 200), and a WebSocket upgrade is a request, so a bench that signs up or
 * connects faster than that spreads its clients over many addresses of 127/8.
 */
const addressesPerBlock = 200;
const blocks = 240;

/** The index-th address: 127.0.10.1, 127.0.10.2, … 127.0.10.200, 127.0.11.1, …, wrapping after 48,000. */
export function clientAddress(index: number): string {
  const wrapped = index % (addressesPerBlock * blocks);
  return `127.0.${10 + Math.floor(wrapped / addressesPerBlock)}.${1 + (wrapped % addressesPerBlock)}`;
}
