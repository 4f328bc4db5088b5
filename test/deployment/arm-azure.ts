import type { SimulatedDeployment } from './arm-deployment';

/**
 * Resource ids, and what Azure answers when a template reads a deployed resource
 * (reference(), list*()), for the resource types Helpline's templates read. A read of any
 * other type throws, so a template change that needs a new answer is noticed.
 */

export class DeploymentError extends Error {}

export const SIMULATED_SUBSCRIPTION_ID = '11111111-2222-3333-4444-555555555555';
export const SIMULATED_TENANT_ID = '99999999-8888-7777-6666-555555555555';

export const SIMULATED_LOCATION = 'westeurope';

export function simulatedPrincipalId(siteName: string): string {
  return `principal-of-site-${siteName}`;
}

function segmentsOf(type: string): { namespace: string; types: string[] } {
  const [namespace, ...types] = type.split('/');
  return { namespace, types };
}

export function buildId(scopePrefix: string, type: string, names: string[]): string {
  const { namespace, types } = segmentsOf(type);
  if (types.length !== names.length) {
    throw new DeploymentError(`resource type ${type} needs ${types.length} name segment(s), got ${names.join('/')}`);
  }
  return `${scopePrefix}/providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
}

/** Splits an id built by buildId back into its type and name segments. */
export function parseId(id: string): { type: string; names: string[] } {
  const m = /\/providers\/([^/]+)\/(.+)$/.exec(id);
  if (!m) throw new DeploymentError(`not a resource id: ${id}`);
  const parts = m[2].split('/');
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    types.push(parts[i]);
    names.push(parts[i + 1]);
  }
  return { type: [m[1], ...types].join('/'), names };
}

/** What Azure returns for reference()/list*() on the resources Helpline's templates read. */
export function runtimeValue(fn: string, id: string, full: boolean, nested: SimulatedDeployment | undefined): unknown {
  const { type, names } = parseId(id);
  const name = names[names.length - 1];
  const key = `${fn.toLowerCase()} ${type.toLowerCase()}`;
  switch (key) {
    case 'reference microsoft.web/sites': {
      const properties = { defaultHostName: `${name}.azurewebsites.net`, state: 'Running' };
      return full ? { properties, identity: { principalId: simulatedPrincipalId(name), tenantId: SIMULATED_TENANT_ID } } : properties;
    }
    case 'reference microsoft.documentdb/databaseaccounts': {
      const properties = { documentEndpoint: `https://${name}.documents.azure.com:443/` };
      return full ? { properties } : properties;
    }
    case 'reference microsoft.insights/components': {
      const properties = {
        InstrumentationKey: '00000000-1111-2222-3333-444444444444',
        ConnectionString: `InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=https://${SIMULATED_LOCATION}-5.in.applicationinsights.azure.com/`,
      };
      return full ? { properties } : properties;
    }
    case 'reference microsoft.resources/deployments': {
      if (!nested) throw new DeploymentError(`reference to deployment ${name} that this template does not create`);
      const properties = { outputs: Object.fromEntries(Object.entries(nested.outputs).map(([k, v]) => [k, { value: v }])) };
      return full ? { properties } : properties;
    }
    case 'listkeys microsoft.documentdb/databaseaccounts':
      return { primaryMasterKey: `simulated-primary-key-of-${name}`, secondaryMasterKey: 'simulated-secondary-key' };
    case 'listchannelwithkeys microsoft.botservice/botservices/channels':
      return {
        id,
        name,
        properties: { channelName: name },
        setting: { sites: [{ siteName: 'site', key: `simulated-${name}-key`, key2: 'simulated-second-key', isEnabled: true }] },
      };
    default:
      throw new DeploymentError(`the simulator does not know what ${fn}() returns for ${type}; teach runtimeValue()`);
  }
}

