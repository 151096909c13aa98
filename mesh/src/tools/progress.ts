/** Progress lines for downloads and builds: what, how big, how far. */
export function progress(tool: string, message: string): void {
  process.stdout.write(`[tools] ${tool}: ${message}\n`);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Throttles how-far lines for long-running steps to one every few seconds. */
export function throttled(intervalMs: number): (emit: () => void) => void {
  let last = 0;
  return (emit) => {
    const now = Date.now();
    if (now - last >= intervalMs) {
      last = now;
      emit();
    }
  };
}
