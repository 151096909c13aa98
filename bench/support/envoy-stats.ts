/**
 * Reads one counter from a sidecar's admin listener (loopback only), e.g. how many upstream
 * mTLS connections the caller's sidecar has opened to a target, so a throughput figure can
 * show it was taken on warm connections rather than on handshakes.
 */
export async function envoyCounter(adminPort: number, name: string): Promise<number> {
  const escaped = name.replaceAll('.', '\\.');
  const response = await fetch(`http://127.0.0.1:${adminPort}/stats?filter=${encodeURIComponent(`^${escaped}$`)}`, {
    signal: AbortSignal.timeout(3000),
  });
  const text = await response.text();
  const match = new RegExp(`^${escaped}: (\\d+)$`, 'm').exec(text);
  if (!response.ok || !match) throw new Error(`no counter ${name} on the Envoy admin at 127.0.0.1:${adminPort}`);
  return Number(match[1]);
}
