import { STATUS_CODES } from 'node:http';

type Node = Record<string, unknown>;

/** Keys whose values are data, not schemas: nothing inside them is a named component. */
const VALUE_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);
const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);

const isObject = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const isSchema = (node: Node) => ['type', 'properties', 'anyOf', 'oneOf', 'allOf', 'items'].some((k) => k in node);

/**
 * The generated document made into a contract a client generator reads well: every
 * schema with a `title` becomes a named component used by `$ref` (so clients get
 * `Dataset`, `Datapoint`…), parameters that have defaults are optional, and responses
 * without a description say their status.
 */
export function finishDocument(document: Node): Node {
  const components = isObject(document.components) ? document.components : {};
  const schemas: Node = { ...(isObject(components.schemas) ? components.schemas : {}) };
  const named = new Map<string, string>();

  const hoist = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(hoist);
    if (!isObject(node)) return node;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, VALUE_KEYS.has(k) ? v : hoist(v)]));
    const name = out.title;
    if (typeof name !== 'string' || !isSchema(out)) return out;
    const text = JSON.stringify(withoutAnnotations(out));
    if (named.has(name) && named.get(name) !== text) throw new Error(`two different schemas are titled ${name}`);
    named.set(name, text);
    // @fastify/swagger moves a body's examples to its media type, so keep the copy that has them.
    if (!isObject(schemas[name]) || Object.keys(out).length > Object.keys(schemas[name]).length) schemas[name] = out;
    return { $ref: `#/components/schemas/${name}` };
  };

  const paths = hoist(document.paths) as Record<string, Node>;
  for (const operation of Object.values(paths).flatMap((item) => Object.entries(item).filter(([m]) => METHODS.has(m)))) {
    finishOperation(operation[1] as Node);
  }
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return { ...document, paths, components: { ...components, schemas: sorted } };
}

/** A schema without the keywords that annotate rather than constrain it. */
const withoutAnnotations = (schema: Node) =>
  Object.fromEntries(Object.entries(schema).filter(([k]) => !['examples', 'example', 'description'].includes(k)));

function finishOperation(operation: Node): void {
  for (const parameter of (operation.parameters ?? []) as Node[]) {
    if (isObject(parameter.schema) && 'default' in parameter.schema) parameter.required = false;
  }
  for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Node>)) {
    if (response.description === 'Default Response') response.description = STATUS_CODES[Number(status)] ?? status;
  }
}
