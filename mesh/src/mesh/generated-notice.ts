/** The first line of every file the generator writes, in that file's comment syntax. */
export function generatedNotice(what: string): string {
  return `Generated from mesh/policy.ts by mesh/src/generate.ts (${what}). Do not edit: run \`npm run generate\`.`;
}

/** YAML, SPIRE's HCL-like configs and the Redis ACL template. */
export const hashHeader = (what: string) => `# ${generatedNotice(what)}\n`;

/** SQL and CQL. */
export const dashHeader = (what: string) => `-- ${generatedNotice(what)}\n`;

/**
 * JSON has no comments: the notice is the first member, `"//"`, which readers ignore. Objects and
 * arrays nested deeper than `expandDepth` stay on one line, so a list of rules reads one rule a line.
 */
export function jsonWithNotice(what: string, document: object, expandDepth = 2): string {
  return `${formatJson({ '//': generatedNotice(what), ...document }, expandDepth, '')}\n`;
}

function formatJson(value: unknown, expandDepth: number, indent: string): string {
  if (expandDepth === 0 || value === null || typeof value !== 'object') return oneLineJson(value);
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((item) => `${inner}${formatJson(item, expandDepth - 1, inner)}`)
    : Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${formatJson(item, expandDepth - 1, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length === 0 ? `${open}${close}` : `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

function oneLineJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(oneLineJson).join(', ')}]`;
  const members = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${oneLineJson(item)}`);
  return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
}
