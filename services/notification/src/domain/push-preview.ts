/** What a push shows: the words, cut short, unless the person asked to hide message content. */
export const previewCharacters = 140;

export function pushPreview(body: string, options: { hideContent: boolean; folded?: number }): string {
  if (options.folded && options.folded > 0) return `${options.folded} new message${options.folded === 1 ? '' : 's'}`;
  if (options.hideContent) return 'New message';
  const characters = [...body.replace(/\s+/gu, ' ').trim()];
  return characters.length > previewCharacters ? `${characters.slice(0, previewCharacters - 1).join('')}…` : characters.join('');
}
