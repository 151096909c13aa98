/**
 * `Content-Disposition` per RFC 6266: an ASCII fallback in `filename` and the exact name in
 * `filename*` (RFC 8187), so no name can inject a header parameter or break quoting.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', fileName: string): string {
  const asciiFallback = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}
