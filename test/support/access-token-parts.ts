/** The decoded header and claims of a JWT, read without verifying it (for forging and comparing in tests). */
function decodedPart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString()) as Record<string, unknown>;
}

export const kidOf = (token: string): string => String(decodedPart(token, 0).kid);
export const claimsOf = (token: string): Record<string, unknown> => decodedPart(token, 1);
