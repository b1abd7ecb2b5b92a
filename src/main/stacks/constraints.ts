// Placement constraints as SwarmKit reads and matches them (manager/constraint): `key==value` or
// `key!=value`; values compare case-insensitively; a label a node lacks is the empty string; a
// key SwarmKit does not know matches no node. Pure, over nodes as GET /nodes gives them.

/** A node as the engine's GET /nodes returns it (the fields placement looks at). */
export interface SwarmNode {
  ID: string;
  Spec: { Role?: string; Availability?: string; Labels?: Record<string, string> };
  Description?: {
    Hostname?: string;
    Platform?: { OS?: string; Architecture?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { Labels?: Record<string, string> };
  };
  Status?: { State?: string; Addr?: string };
}

export interface Constraint {
  key: string;
  equal: boolean;
  value: string;
}

// SwarmKit's alphaNumeric key and value patterns, with its two operators.
const EXPRESSION = /^\s*([\w.-]+)\s*(==|!=)\s*([\w.\-/:@]*?)\s*$/;

/** The parsed constraint, or an error naming the expression (the engine refuses it). */
export function parseConstraint(expression: string): Constraint | { error: string } {
  const match = EXPRESSION.exec(expression);
  if (!match || match[3] === '') {
    return { error: `invalid constraint "${expression}": use key==value or key!=value` };
  }
  return { key: match[1]!, equal: match[2] === '==', value: match[3]! };
}

/** What a node has for a constraint key; undefined: SwarmKit does not know the key. */
function nodeValue(node: SwarmNode, key: string): string | undefined {
  const lower = key.toLowerCase();
  const prefixed = (prefix: string, labels: Record<string, string> | undefined) =>
    lower.startsWith(prefix) ? (labels?.[key.slice(prefix.length)] ?? '') : undefined;
  switch (lower) {
    case 'node.id':
      return node.ID;
    case 'node.hostname':
      return node.Description?.Hostname ?? '';
    case 'node.role':
      return node.Spec.Role ?? '';
    case 'node.ip':
      return node.Status?.Addr ?? '';
    case 'node.platform.os':
      return node.Description?.Platform?.OS ?? '';
    case 'node.platform.arch':
      return node.Description?.Platform?.Architecture ?? '';
  }
  return (
    prefixed('node.labels.', node.Spec.Labels) ??
    prefixed('engine.labels.', node.Description?.Engine?.Labels)
  );
}

export function nodeMeets(node: SwarmNode, constraint: Constraint): boolean {
  // node.ip may name a subnet; not worked out here, so never the reason for a refusal.
  if (constraint.key.toLowerCase() === 'node.ip' && constraint.value.includes('/')) return true;
  const has = nodeValue(node, constraint.key);
  if (has === undefined) return false;
  const same = has.toLowerCase() === constraint.value.toLowerCase();
  return constraint.equal ? same : !same;
}
