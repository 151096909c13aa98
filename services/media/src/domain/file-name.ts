/**
 * A display name for an uploaded file: no path, no control or bidi characters (which can make
 * `evil\u202Egpj.exe` read as `evil.exe.jpg`), no characters filesystems reject, bounded length,
 * and the extension of the type detected from the bytes, so the name never lies about the content.
 */
const maxNameLength = 120;

// Control characters, bidi overrides and isolates, zero-width characters, and the BOM.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const invisible = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const reserved = /[<>:"/\\|?*]/g;

export function sanitiseFileName(clientName: string | undefined, extension: string): string {
  const lastSegment = (clientName ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment.normalize('NFC').replace(invisible, '').replace(reserved, '_').replace(/\s+/g, ' ').trim();
  const withoutExtension = cleaned.replace(/\.[^.]*$/, '').replace(/^[.\s]+|[.\s]+$/g, '');
  const stem = [...(withoutExtension || 'file')].slice(0, maxNameLength).join('');
  return `${stem}.${extension}`;
}
