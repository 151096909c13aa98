import { fileTypeFromBuffer } from 'file-type';
import { allowedType, type AllowedType } from './media-types.ts';

/** Bytes read before deciding: file-type's own sample size covers every signature it knows. */
export const sniffBytes = 4100;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Plain text has no signature: valid UTF-8 without control characters other than whitespace. */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  // The sample may end inside a multi-byte character; drop up to three trailing bytes and retry.
  for (let trim = 0; trim <= 3 && trim < head.length; trim++) {
    try {
      const text = utf8.decode(head.subarray(0, head.length - trim));
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
    } catch {
      continue;
    }
  }
  return false;
}

export type DetectedType = { allowed: true; type: AllowedType } | { allowed: false; detected: string };

/** What the first bytes of a file say it is, checked against the allow-list. */
export async function detectMediaType(head: Buffer): Promise<DetectedType> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    const type = allowedType(detected.mime);
    return type ? { allowed: true, type } : { allowed: false, detected: detected.mime };
  }
  if (looksLikeText(head)) return { allowed: true, type: allowedType('text/plain')! };
  return { allowed: false, detected: 'unknown' };
}
