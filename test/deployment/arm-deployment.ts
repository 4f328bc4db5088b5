import { buildId, DeploymentError, parseId, runtimeValue, SIMULATED_SUBSCRIPTION_ID, SIMULATED_TENANT_ID, SIMULATED_LOCATION } from './arm-azure';
import { ArmHost, evaluate } from './arm-expressions';

export { DeploymentError, simulatedPrincipalId, SIMULATED_SUBSCRIPTION_ID, SIMULATED_TENANT_ID } from './arm-azure';

/**
 * Walks a template the way Resource Manager would: resolves parameters (defaults, allowed
 * values, types), evaluates every resource, stands in for Azure where a template reads
 * a deployed resource (reference(), list*()), and records which resources each one reads
 * so the tests can check the deployment order (dependsOn) ARM would use.
 */

export type Scope = 'resourceGroup' | 'subscription';

export interface SimulatedResource {
  type: string;
  name: string;
  id: string;
  deployed: boolean;
  /** Every top-level field of the resource, evaluated (empty when not deployed). */
  fields: Record<string, unknown>;
  dependsOn: string[];
  /** ids of resources read with reference()/list*() while evaluating this one. */
  reads: string[];
  nested?: SimulatedDeployment;
}

export interface SimulatedDeployment {
  scope: Scope;
  resourceGroup?: string;
  parameters: Record<string, unknown>;
  resources: SimulatedResource[];
  outputs: Record<string, unknown>;
  /** Problems Resource Manager would reject or a deployment would hit (ordering, dangling dependsOn). */
  problems: string[];
}

export interface ArmTemplate {
  $schema: string;
  parameters?: Record<string, ParameterDefinition>;
  variables?: Record<string, unknown>;
  resources: Array<Record<string, unknown>>;
  outputs?: Record<string, { type: string; value: unknown; condition?: unknown }>;
}

export interface ParameterDefinition {
  type: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  minValue?: number;
  maxValue?: number;
  minLength?: number;
  maxLength?: number;
}

function checkParameter(name: string, def: ParameterDefinition, value: unknown): void {
  const type = def.type.toLowerCase();
  const ok =
    type === 'string' || type === 'securestring'
      ? typeof value === 'string'
      : type === 'int'
        ? Number.isInteger(value)
        : type === 'bool'
          ? typeof value === 'boolean'
          : type === 'array'
            ? Array.isArray(value)
            : typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!ok) throw new DeploymentError(`parameter ${name}: ${JSON.stringify(value)} is not of type ${def.type}`);
  if (def.allowedValues && !def.allowedValues.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
    throw new DeploymentError(`parameter ${name}: ${JSON.stringify(value)} is not one of ${JSON.stringify(def.allowedValues)}`);
  }
  if (typeof value === 'number') {
    if (def.minValue !== undefined && value < def.minValue) throw new DeploymentError(`parameter ${name}: below minValue`);
    if (def.maxValue !== undefined && value > def.maxValue) throw new DeploymentError(`parameter ${name}: above maxValue`);
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (def.minLength !== undefined && value.length < def.minLength) throw new DeploymentError(`parameter ${name}: shorter than minLength ${def.minLength}`);
    if (def.maxLength !== undefined && value.length > def.maxLength) throw new DeploymentError(`parameter ${name}: longer than maxLength ${def.maxLength}`);
  }
}

/** Simulates one deployment of `template` with the given parameter values. */
export function simulateDeployment(
  template: ArmTemplate,
  supplied: Record<string, unknown>,
  scope: Scope,
  resourceGroup = 'helpline-rg',
): SimulatedDeployment {
  const declared = template.parameters ?? {};
  const lower = (s: string) => s.toLowerCase();
  const declaredNames = new Map(Object.keys(declared).map((k) => [lower(k), k]));
  for (const key of Object.keys(supplied)) {
    if (!declaredNames.has(lower(key))) throw new DeploymentError(`parameter ${key} is given but the template does not declare it`);
  }
  const suppliedByName = new Map(Object.entries(supplied).map(([k, v]) => [lower(k), v]));
  const scopePrefix =
    scope === 'resourceGroup' ? `/subscriptions/${SIMULATED_SUBSCRIPTION_ID}/resourceGroups/${resourceGroup}` : `/subscriptions/${SIMULATED_SUBSCRIPTION_ID}`;

  const parameterValues = new Map<string, unknown>();
  const variableValues = new Map<string, unknown>();
  const evaluating = new Set<string>();
  let currentReads: string[] | undefined;
  const nestedByName = new Map<string, SimulatedDeployment>();
  // ARM refuses reference()/list*() in parameter defaults and variables.
  const withoutRuntime = <T>(f: () => T): T => {
    const saved = currentReads;
    currentReads = undefined;
    try {
      return f();
    } finally {
      currentReads = saved;
    }
  };

  const host: ArmHost = {
    parameter(name) {
      const real = declaredNames.get(lower(name));
      if (!real) throw new DeploymentError(`parameters('${name}') is not declared`);
      if (parameterValues.has(real)) return parameterValues.get(real);
      const def = declared[real];
      let value: unknown;
      if (suppliedByName.has(lower(real))) value = suppliedByName.get(lower(real));
      else if ('defaultValue' in def) value = withoutRuntime(() => evaluate(def.defaultValue, host));
      else throw new DeploymentError(`parameter ${real} has no value and no default`);
      checkParameter(real, def, value);
      parameterValues.set(real, value);
      return value;
    },
    variable(name) {
      const vars = template.variables ?? {};
      const real = Object.keys(vars).find((k) => lower(k) === lower(name));
      if (!real) throw new DeploymentError(`variables('${name}') is not declared`);
      if (variableValues.has(real)) return variableValues.get(real);
      if (evaluating.has(real)) throw new DeploymentError(`variable ${real} refers to itself`);
      evaluating.add(real);
      const value = withoutRuntime(() => evaluate(vars[real], host));
      evaluating.delete(real);
      variableValues.set(real, value);
      return value;
    },
    resourceGroup() {
      if (scope !== 'resourceGroup') throw new DeploymentError('resourceGroup() is not available in a subscription deployment');
      return { id: scopePrefix, name: resourceGroup, location: SIMULATED_LOCATION };
    },
    subscription() {
      return { id: `/subscriptions/${SIMULATED_SUBSCRIPTION_ID}`, subscriptionId: SIMULATED_SUBSCRIPTION_ID, tenantId: SIMULATED_TENANT_ID };
    },
    resourceId(args) {
      const typeAt = args.findIndex((a) => a.includes('/'));
      if (typeAt < 0 || typeAt > 2) throw new DeploymentError(`resourceId(${args.join(', ')}) has no resource type`);
      let prefix = scopePrefix;
      if (typeAt === 1) prefix = `/subscriptions/${SIMULATED_SUBSCRIPTION_ID}/resourceGroups/${args[0]}`;
      if (typeAt === 2) prefix = `/subscriptions/${args[0]}/resourceGroups/${args[1]}`;
      return buildId(prefix, args[typeAt], args.slice(typeAt + 1));
    },
    runtime(fn, args) {
      const target = args[0];
      if (typeof target !== 'string' || !target.startsWith('/subscriptions/')) {
        throw new DeploymentError(`${fn}() should be given a resource id (resourceId(...)), got ${JSON.stringify(target)}`);
      }
      const full = args[2] === 'Full' || args[2] === 'full';
      if (!currentReads) throw new DeploymentError(`${fn}() used where ARM cannot read deployed resources`);
      currentReads.push(target);
      const { names } = parseId(target);
      return runtimeValue(fn, target, full, nestedByName.get(names[names.length - 1]));
    },
  };

  for (const name of Object.keys(declared)) host.parameter(name);

  const resources: SimulatedResource[] = [];
  for (const raw of template.resources) {
    if ('copy' in raw) throw new DeploymentError('copy loops are not simulated; list the resources one by one');
    const type = String(raw.type);
    const name = String(evaluate(raw.name, host));
    const names = name.split('/');
    const id =
      type === 'Microsoft.Resources/deployments' && raw.resourceGroup !== undefined
        ? buildId(`/subscriptions/${SIMULATED_SUBSCRIPTION_ID}/resourceGroups/${String(evaluate(raw.resourceGroup, host))}`, type, names)
        : buildId(scopePrefix, type, names);
    const deployed = raw.condition === undefined ? true : evaluate(raw.condition, host) === true;
    const dependsOn = ((raw.dependsOn as unknown[]) ?? []).map((d) => String(evaluate(d, host)));
    const resource: SimulatedResource = { type, name, id, deployed, fields: {}, dependsOn, reads: [] };
    if (deployed) {
      currentReads = resource.reads;
      for (const [key, value] of Object.entries(raw)) {
        if (['type', 'apiVersion', 'name', 'condition', 'dependsOn', 'comments'].includes(key)) continue;
        if (key === 'properties' && type === 'Microsoft.Resources/deployments') continue;
        resource.fields[key] = evaluate(value, host);
      }
      if (type === 'Microsoft.Resources/deployments') resource.nested = simulateNested(raw, host, resource);
      currentReads = undefined;
      if (resource.nested) nestedByName.set(name, resource.nested);
    }
    resources.push(resource);
  }

  const problems = orderingProblems(resources);
  const outputs: Record<string, unknown> = {};
  currentReads = [];
  for (const [name, output] of Object.entries(template.outputs ?? {})) {
    if (output.condition !== undefined && evaluate(output.condition, host) !== true) continue;
    outputs[name] = evaluate(output.value, host);
  }
  for (const id of currentReads) {
    if (!resources.some((r) => r.deployed && r.id.toLowerCase() === id.toLowerCase())) problems.push(`an output reads ${id}, which this template does not deploy`);
  }
  for (const r of resources) problems.push(...(r.nested?.problems ?? []).map((p) => `in nested deployment ${r.name}: ${p}`));
  return { scope, resourceGroup: scope === 'resourceGroup' ? resourceGroup : undefined, parameters: Object.fromEntries(parameterValues), resources, outputs, problems };
}

function simulateNested(raw: Record<string, unknown>, outer: ArmHost, resource: SimulatedResource): SimulatedDeployment {
  const properties = raw.properties as Record<string, unknown>;
  const options = properties.expressionEvaluationOptions as { scope?: string } | undefined;
  if (options?.scope?.toLowerCase() !== 'inner') throw new DeploymentError('nested templates must use expressionEvaluationOptions.scope = inner');
  if (!properties.template) throw new DeploymentError('nested deployments must embed their template');
  const passed = (properties.parameters ?? {}) as Record<string, { value: unknown }>;
  const values = Object.fromEntries(Object.entries(passed).map(([k, v]) => [k, evaluate(v.value, outer)]));
  const group = raw.resourceGroup === undefined ? undefined : String(evaluate(raw.resourceGroup, outer));
  resource.fields.properties = { ...properties, parameters: values };
  return simulateDeployment(properties.template as ArmTemplate, values, group ? 'resourceGroup' : 'subscription', group);
}

/** dependsOn must name resources of this template, and a resource may read only what it (transitively) depends on. */
function orderingProblems(resources: SimulatedResource[]): string[] {
  const problems: string[] = [];
  const byId = new Map(resources.map((r) => [r.id.toLowerCase(), r]));
  const resolve = (ref: string): SimulatedResource | undefined => {
    if (ref.startsWith('/')) return byId.get(ref.toLowerCase());
    const matches = resources.filter((r) => r.name === ref || r.id.toLowerCase().endsWith(`/${ref.toLowerCase()}`));
    return matches.length === 1 ? matches[0] : undefined;
  };
  const direct = new Map<SimulatedResource, SimulatedResource[]>();
  for (const r of resources) {
    const deps: SimulatedResource[] = [];
    for (const ref of r.dependsOn) {
      const target = resolve(ref);
      if (!target) problems.push(`${r.type} ${r.name} depends on ${ref}, which this template does not create`);
      else if (target.deployed) deps.push(target);
    }
    direct.set(r, deps);
  }
  const closure = (r: SimulatedResource): Set<SimulatedResource> => {
    const seen = new Set<SimulatedResource>();
    const stack = [...(direct.get(r) ?? [])];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(direct.get(next) ?? []));
    }
    return seen;
  };
  for (const r of resources) {
    if (!r.deployed) continue;
    const deps = closure(r);
    if (deps.has(r)) problems.push(`${r.type} ${r.name} depends on itself`);
    for (const read of r.reads) {
      const target = byId.get(read.toLowerCase());
      if (!target) problems.push(`${r.type} ${r.name} reads ${read}, which this template does not create`);
      else if (!target.deployed) problems.push(`${r.type} ${r.name} reads ${read}, which is not deployed with these parameters`);
      else if (!deps.has(target)) problems.push(`${r.type} ${r.name} reads ${target.type} ${target.name} at deployment time but does not depend on it`);
    }
  }
  return problems;
}
