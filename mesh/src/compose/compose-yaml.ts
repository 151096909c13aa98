import { Document, isScalar, visit } from 'yaml';

/** YAML for a compose document: lists of plain values (commands, networks, depends_on) on one line each. */
export function composeYaml(document: object): string {
  const yaml = new Document(document);
  visit(yaml, {
    Seq(_, sequence) {
      if (sequence.items.every((item) => isScalar(item))) sequence.flow = true;
    },
  });
  return yaml.toString({ lineWidth: 0 });
}
