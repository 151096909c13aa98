/**
 * The form a room name is compared in: NFKC (so look-alike compatibility characters fold),
 * trimmed, inner whitespace collapsed, lower-cased without locale surprises.
 */
export function normaliseRoomName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('und');
}
