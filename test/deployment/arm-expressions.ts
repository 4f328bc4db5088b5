import crypto from 'node:crypto';

/**
 * The ARM template expression language ("[format('{0}', parameters('x'))]"), as far as
 * Helpline's templates use it. No Azure tooling runs offline, so the deployment tests
 * evaluate the templates themselves; a function this file does not know throws, so a
 * template that starts using one fails here rather than being checked half-way.
 */

type Node =
  | { kind: 'literal'; value: string | number }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'property'; target: Node; name: string }
  | { kind: 'index'; target: Node; index: Node };

type Token = { type: 'ident' | 'string' | 'number' | 'punct'; text: string };

/** What a template expression can ask of the deployment it runs in. */
export interface ArmHost {
  parameter(name: string): unknown;
  variable(name: string): unknown;
  resourceGroup(): unknown;
  subscription(): unknown;
  resourceId(args: string[]): string;
  /** reference() and list*() read a deployed resource: the host simulates what Azure returns. */
  runtime(fn: string, args: unknown[]): unknown;
}

export class ArmExpressionError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ArmExpressionError(`unterminated string in ${text}`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ type: 'string', text: value });
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+/.exec(text.slice(i));
      if (!m) throw new ArmExpressionError(`unexpected '${c}' in ${text}`);
      tokens.push({ type: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ type: 'ident', text: m[0] });
      i += m[0].length;
    } else if ('(),.[]'.includes(c)) {
      tokens.push({ type: 'punct', text: c });
      i++;
    } else {
      throw new ArmExpressionError(`unexpected '${c}' in ${text}`);
    }
  }
  return tokens;
}

export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (t: string) => {
    const tok = tokens[pos++];
    if (!tok || tok.text !== t || tok.type !== 'punct') throw new ArmExpressionError(`expected '${t}' in ${text}`);
  };
  const expr = (): Node => {
    const tok = tokens[pos++];
    if (!tok) throw new ArmExpressionError(`unexpected end of ${text}`);
    let node: Node;
    if (tok.type === 'string') node = { kind: 'literal', value: tok.text };
    else if (tok.type === 'number') node = { kind: 'literal', value: Number(tok.text) };
    else if (tok.type === 'ident') {
      expect('(');
      const args: Node[] = [];
      if (peek()?.text !== ')') {
        args.push(expr());
        while (peek()?.text === ',') {
          pos++;
          args.push(expr());
        }
      }
      expect(')');
      node = { kind: 'call', name: tok.text, args };
    } else throw new ArmExpressionError(`unexpected '${tok.text}' in ${text}`);
    for (;;) {
      const next = peek();
      if (next?.type === 'punct' && next.text === '.') {
        pos++;
        const name = tokens[pos++];
        if (name?.type !== 'ident') throw new ArmExpressionError(`expected a property name in ${text}`);
        node = { kind: 'property', target: node, name: name.text };
      } else if (next?.type === 'punct' && next.text === '[') {
        pos++;
        const index = expr();
        expect(']');
        node = { kind: 'index', target: node, index };
      } else return node;
    }
  };
  const node = expr();
  if (pos !== tokens.length) throw new ArmExpressionError(`trailing input in ${text}`);
  return node;
}

/** A JSON string value is an expression when it is wrapped in [ ]; "[[" escapes a literal "[". */
export function isExpression(value: string): boolean {
  return value.startsWith('[') && value.endsWith(']') && !value.startsWith('[[');
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}

function str(v: unknown, fn: string): string {
  if (typeof v !== 'string') throw new ArmExpressionError(`${fn}() expects a string, got ${JSON.stringify(v)}`);
  return v;
}

/** uniqueString(): 13 lower-case base32 characters, deterministic per input like ARM's. */
function uniqueString(parts: string[]): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const digest = crypto.createHash('sha256').update(parts.join('|')).digest();
  let out = '';
  for (let i = 0; i < 13; i++) out += alphabet[digest[i] % 32];
  return out;
}

function guid(parts: string[]): string {
  const h = crypto.createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function format(template: string, args: unknown[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)(:[^}]*)?\}/g, (m, index: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const i = Number(index);
    if (i >= args.length) throw new ArmExpressionError(`format('${template}') has no argument {${i}}`);
    const v = args[i];
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

type Thunk = () => unknown;
type ArmFunction = (args: Thunk[], host: ArmHost) => unknown;

const all = (args: Thunk[]) => args.map((a) => a());

const FUNCTIONS: Record<string, ArmFunction> = {
  parameters: (a, host) => host.parameter(str(a[0](), 'parameters')),
  variables: (a, host) => host.variable(str(a[0](), 'variables')),
  resourcegroup: (_a, host) => host.resourceGroup(),
  subscription: (_a, host) => host.subscription(),
  environment: () => ({ name: 'AzureCloud', suffixes: { keyvaultDns: '.vault.azure.net', storage: 'core.windows.net' } }),
  resourceid: (a, host) => host.resourceId(all(a).map((v) => str(v, 'resourceId'))),
  reference: (a, host) => host.runtime('reference', all(a)),
  if: (a) => {
    const condition = a[0]();
    if (typeof condition !== 'boolean') throw new ArmExpressionError(`if() needs a boolean, got ${JSON.stringify(condition)}`);
    // Like ARM, only the branch taken is evaluated.
    return condition ? a[1]() : a[2]();
  },
  equals: (a) => {
    const [x, y] = all(a);
    return deepEqual(x, y);
  },
  not: (a) => {
    const v = a[0]();
    if (typeof v !== 'boolean') throw new ArmExpressionError(`not() needs a boolean, got ${JSON.stringify(v)}`);
    return !v;
  },
  and: (a) => all(a).every((v) => v === true),
  or: (a) => all(a).some((v) => v === true),
  true: () => true,
  false: () => false,
  null: () => null,
  empty: (a) => isEmpty(a[0]()),
  concat: (a) => {
    const vs = all(a);
    if (vs.every(Array.isArray)) return (vs as unknown[][]).flat();
    return vs.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('');
  },
  format: (a) => {
    const [t, ...rest] = all(a);
    return format(str(t, 'format'), rest);
  },
  tolower: (a) => str(a[0](), 'toLower').toLowerCase(),
  toupper: (a) => str(a[0](), 'toUpper').toUpperCase(),
  take: (a) => {
    const [v, n] = all(a);
    if (typeof n !== 'number') throw new ArmExpressionError('take() needs a count');
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(0, Math.max(0, n));
    throw new ArmExpressionError('take() needs a string or array');
  },
  uniquestring: (a) => uniqueString(all(a).map((v) => str(v, 'uniqueString'))),
  guid: (a) => guid(all(a).map((v) => str(v, 'guid'))),
  createobject: (a) => {
    const vs = all(a);
    if (vs.length % 2 !== 0) throw new ArmExpressionError('createObject() needs key/value pairs');
    const out: Record<string, unknown> = {};
    for (let i = 0; i < vs.length; i += 2) out[str(vs[i], 'createObject')] = vs[i + 1];
    return out;
  },
  createarray: (a) => all(a),
  union: (a) => {
    const vs = all(a);
    if (vs.every(Array.isArray)) return [...new Set((vs as unknown[][]).flat().map((v) => JSON.stringify(v)))].map((s) => JSON.parse(s));
    if (vs.every(isPlainObject)) return Object.assign({}, ...(vs as object[]));
    throw new ArmExpressionError('union() needs all arrays or all objects');
  },
  string: (a) => {
    const v = a[0]();
    return typeof v === 'string' ? v : JSON.stringify(v);
  },
  length: (a) => {
    const v = a[0]();
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (isPlainObject(v)) return Object.keys(v).length;
    throw new ArmExpressionError('length() needs a string, array or object');
  },
  contains: (a) => {
    const [c, item] = all(a);
    if (typeof c === 'string') return c.toLowerCase().includes(str(item, 'contains').toLowerCase());
    if (Array.isArray(c)) return c.some((v) => deepEqual(v, item));
    if (isPlainObject(c)) return Object.keys(c).some((k) => k.toLowerCase() === str(item, 'contains').toLowerCase());
    throw new ArmExpressionError('contains() needs a string, array or object');
  },
  coalesce: (a) => all(a).find((v) => v !== null && v !== undefined) ?? null,
};

function evaluateNode(node: Node, host: ArmHost, source: string): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'call': {
      const name = node.name.toLowerCase();
      const thunks = node.args.map((arg) => () => evaluateNode(arg, host, source));
      if (name.startsWith('list')) return host.runtime(node.name, thunks.map((t) => t()));
      const fn = FUNCTIONS[name];
      if (!fn) throw new ArmExpressionError(`the test's ARM evaluator does not know ${node.name}() (in ${source})`);
      return fn(thunks, host);
    }
    case 'property': {
      const target = evaluateNode(node.target, host, source);
      if (!isPlainObject(target) || !(node.name in target)) {
        throw new ArmExpressionError(`no property '${node.name}' on ${JSON.stringify(target)} (in ${source})`);
      }
      return target[node.name];
    }
    case 'index': {
      const target = evaluateNode(node.target, host, source);
      const index = evaluateNode(node.index, host, source);
      if (Array.isArray(target) && typeof index === 'number' && index >= 0 && index < target.length) return target[index];
      if (isPlainObject(target) && typeof index === 'string' && index in target) return target[index];
      throw new ArmExpressionError(`cannot index ${JSON.stringify(target)} with ${JSON.stringify(index)} (in ${source})`);
    }
  }
}

/** Evaluates a template value: expressions inside strings, recursively through arrays and objects. */
export function evaluate(value: unknown, host: ArmHost): unknown {
  if (typeof value === 'string') {
    if (isExpression(value)) return evaluateNode(parseExpression(value.slice(1, -1)), host, value);
    return value.startsWith('[[') ? value.slice(1) : value;
  }
  if (Array.isArray(value)) return value.map((v) => evaluate(v, host));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluate(v, host);
    return out;
  }
  return value;
}
