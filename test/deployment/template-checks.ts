import { envSchema, loadConfig } from '../../src/config';
import { CONTAINERS, PARTITION_KEY_PATH } from '../../src/services/storage/containers';
import { ArmTemplate, Scope, SimulatedDeployment, SimulatedResource, simulateDeployment, simulatedPrincipalId } from './arm-deployment';

/**
 * What Helpline needs from its Azure templates, as checks that return readable problems
 * (an empty list = fine). The app settings are checked by handing them, Key Vault
 * references resolved to the secrets the template stores, to the real loadConfig().
 */

/** App Service settings that are not Helpline's own but are fine to set. */
export const PLATFORM_SETTINGS = ['SCM_DO_BUILD_DURING_DEPLOYMENT', 'WEBSITE_NODE_DEFAULT_VERSION', 'WEBSITE_RUN_FROM_PACKAGE'];
/** Settings that must come from Key Vault, never as plain text in the site's configuration. */
export const SECRET_SETTINGS = ['MicrosoftAppPassword', 'SMTP_URL', 'COSMOS_KEY', 'DIRECT_LINE_SECRET'];
const COSMOS_DATA_CONTRIBUTOR = '00000000-0000-0000-0000-000000000002';
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(SecretUri=https:\/\/([a-z0-9-]+)\.vault\.azure\.net\/secrets\/([A-Za-z0-9-]+)\/?\)$/;

// Templates are untyped JSON; the checks themselves say what they expect.
type Json = Record<string, any>;
export interface ParametersFile {
  parameters: Record<string, { value?: unknown }>;
}

const isInnerScopedDeployment = (r: Json) =>
  r.type === 'Microsoft.Resources/deployments' && r.properties?.expressionEvaluationOptions?.scope?.toLowerCase() === 'inner';

/** The template's expressions, without parameter declarations and without inner-scoped nested templates. */
function ownExpressionText(template: Json): string {
  const { parameters: _declared, ...rest } = template;
  const resources = (rest.resources ?? []).map((r: Json) =>
    isInnerScopedDeployment(r) ? { ...r, properties: { ...r.properties, template: undefined } } : r,
  );
  return JSON.stringify({ ...rest, resources });
}

/** Declared-but-unused parameters, parameter files giving undeclared or leaving required ones out, recursively into nested templates. */
export function parameterProblems(template: Json, parametersFile: ParametersFile | undefined, where: string): string[] {
  const problems: string[] = [];
  const declared = Object.keys(template.parameters ?? {});
  const text = ownExpressionText(template);
  for (const name of declared) {
    const used = new RegExp(`parameters\\(\\s*'${name}'\\s*\\)`, 'i').test(text);
    if (!used) problems.push(`${where}: parameter ${name} is declared but never used`);
  }
  if (parametersFile) {
    for (const name of Object.keys(parametersFile.parameters)) {
      if (!declared.some((d) => d.toLowerCase() === name.toLowerCase())) problems.push(`${where}: the parameter file gives ${name}, which the template does not declare`);
    }
    for (const name of declared) {
      const def = template.parameters[name];
      const given = Object.keys(parametersFile.parameters).some((p) => p.toLowerCase() === name.toLowerCase());
      if (!given && !('defaultValue' in def) && def.type.toLowerCase() !== 'securestring') {
        problems.push(`${where}: required parameter ${name} is missing from the parameter file`);
      }
    }
  }
  for (const r of template.resources ?? []) {
    if (!isInnerScopedDeployment(r)) continue;
    const nested = r.properties.template as Json;
    const passed = Object.keys(r.properties.parameters ?? {});
    problems.push(...parameterProblems(nested, undefined, `${where} > ${r.name}`));
    for (const name of passed) {
      if (!(name in (nested.parameters ?? {}))) problems.push(`${where} > ${r.name}: passes ${name}, which the nested template does not declare`);
    }
    for (const [name, def] of Object.entries(nested.parameters ?? {})) {
      if (!('defaultValue' in (def as Json)) && !passed.includes(name)) problems.push(`${where} > ${r.name}: required parameter ${name} is not passed`);
    }
  }
  return problems;
}

/** The deployment (possibly nested) that creates the Web App. */
export function webAppDeployment(deployment: SimulatedDeployment): SimulatedDeployment | undefined {
  if (deployment.resources.some((r) => r.deployed && r.type === 'Microsoft.Web/sites')) return deployment;
  for (const r of deployment.resources) {
    const found = r.nested && webAppDeployment(r.nested);
    if (found) return found;
  }
  return undefined;
}

const deployedOfType = (d: SimulatedDeployment, type: string) => d.resources.filter((r) => r.deployed && r.type.toLowerCase() === type.toLowerCase());
const props = (r: SimulatedResource | undefined): Json => (r?.fields.properties as Json) ?? {};

/** The Web App's settings as deployed: Key Vault references stay as written. */
export function appSettings(d: SimulatedDeployment): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const site of deployedOfType(d, 'Microsoft.Web/sites')) {
    for (const s of (props(site).siteConfig?.appSettings as Array<{ name: string; value: unknown }>) ?? []) settings[s.name] = s.value;
  }
  for (const config of deployedOfType(d, 'Microsoft.Web/sites/config')) {
    if (config.name.endsWith('/appsettings')) Object.assign(settings, props(config));
  }
  return settings;
}

/** What the process sees at run time: App Service replaces each Key Vault reference with the secret's value. */
export function resolveSettings(d: SimulatedDeployment, settings: Record<string, unknown>): { env: Record<string, string>; problems: string[] } {
  const problems: string[] = [];
  const env: Record<string, string> = {};
  const site = deployedOfType(d, 'Microsoft.Web/sites')[0];
  const principal = site ? simulatedPrincipalId(site.name) : undefined;
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value !== 'string') {
      problems.push(`app setting ${key} is ${JSON.stringify(value)}, not a string`);
      continue;
    }
    const ref = KEY_VAULT_REFERENCE.exec(value);
    if (!ref) {
      if (value.startsWith('@Microsoft.KeyVault')) problems.push(`app setting ${key} is a malformed Key Vault reference: ${value}`);
      if (SECRET_SETTINGS.includes(key) && value !== '') problems.push(`app setting ${key} holds a secret in plain text; use a Key Vault reference`);
      env[key] = value;
      continue;
    }
    const [, vaultName, secretName] = ref;
    const vault = deployedOfType(d, 'Microsoft.KeyVault/vaults').find((v) => v.name === vaultName);
    const secret = deployedOfType(d, 'Microsoft.KeyVault/vaults/secrets').find((s) => s.name === `${vaultName}/${secretName}`);
    if (!vault) problems.push(`app setting ${key} refers to Key Vault ${vaultName}, which the template does not create`);
    if (!secret) {
      problems.push(`app setting ${key} refers to secret ${secretName}, which is not created with these parameters`);
      continue;
    }
    const policies = (props(vault).accessPolicies as Json[]) ?? [];
    const canRead = policies.some((p) => p.objectId === principal && (p.permissions?.secrets ?? []).map((s: string) => s.toLowerCase()).includes('get'));
    if (vault && !canRead) problems.push(`the Web App's identity cannot get secrets from ${vaultName}, so ${key} would not resolve`);
    env[key] = String(props(secret).value);
  }
  return { env, problems };
}

/** loadConfig() must accept the settings as production; also lists which settings it cannot do without. */
export function configProblems(env: Record<string, string>): { problems: string[]; requiredInProduction: string[] } {
  const problems: string[] = [];
  const known = Object.keys(envSchema.shape);
  for (const key of Object.keys(env)) {
    if (!known.includes(key) && !PLATFORM_SETTINGS.includes(key)) problems.push(`app setting ${key} is not read by src/config.ts (typo?)`);
  }
  if (env.NODE_ENV !== 'production') problems.push(`NODE_ENV is ${env.NODE_ENV ?? 'unset'}, not production`);
  if (env.HELPLINE_STORE !== 'cosmos') problems.push(`HELPLINE_STORE is ${env.HELPLINE_STORE ?? 'unset'}, not cosmos`);
  try {
    loadConfig({ ...env });
  } catch (e) {
    problems.push(`loadConfig rejects the template's app settings: ${(e as Error).message}`);
    return { problems, requiredInProduction: [] };
  }
  const requiredInProduction = Object.keys(env).filter((key) => {
    const { [key]: _removed, ...rest } = env;
    try {
      loadConfig({ ...rest, NODE_ENV: 'production' });
      return false;
    } catch {
      return true;
    }
  });
  return { problems, requiredInProduction };
}

/** The Azure resources Helpline needs, as the template would create them. */
export function resourceProblems(d: SimulatedDeployment, parameters: Record<string, unknown>, env: Record<string, string>): string[] {
  const problems: string[] = [];
  const sites = deployedOfType(d, 'Microsoft.Web/sites');
  if (sites.length !== 1) return [`expected one Web App, found ${sites.length}`];
  const site = sites[0];
  const siteProps = props(site);
  const siteConfig = (siteProps.siteConfig ?? {}) as Json;
  if (siteProps.httpsOnly !== true) problems.push('the Web App must set httpsOnly: true');
  if (siteConfig.webSocketsEnabled !== true) problems.push('the Web App must set siteConfig.webSocketsEnabled: true');
  if (!/^NODE\|20/i.test(String(siteConfig.linuxFxVersion))) problems.push(`the Web App runs ${siteConfig.linuxFxVersion}, not NODE|20`);
  const plan = deployedOfType(d, 'Microsoft.Web/serverfarms').find((p) => p.id.toLowerCase() === String(siteProps.serverFarmId).toLowerCase());
  if (props(plan).reserved !== true) problems.push('the App Service plan must be Linux (reserved: true)');
  const identity = (site.fields.identity ?? {}) as Json;
  if (!String(identity.type).includes('SystemAssigned')) problems.push('the Web App needs a system-assigned identity (Key Vault references use it)');

  const msaAppType = parameters.msaAppType;
  if (msaAppType === 'UserAssignedMSI' && !Object.keys(identity.userAssignedIdentities ?? {}).includes(String(parameters.msaAppMSIResourceId))) {
    problems.push('with UserAssignedMSI the bot identity must be attached to the Web App');
  }

  const bots = deployedOfType(d, 'Microsoft.BotService/botServices');
  if (bots.length !== 1) problems.push(`expected one Azure Bot, found ${bots.length}`);
  const bot = bots[0];
  if (bot) {
    const bp = props(bot);
    if (bot.fields.kind !== 'azurebot') problems.push(`the bot's kind is ${bot.fields.kind}, not azurebot`);
    if (bp.endpoint !== `https://${site.name}.azurewebsites.net/api/messages`) problems.push(`messaging endpoint is ${bp.endpoint}`);
    if (bp.msaAppType !== msaAppType || bp.msaAppType !== env.MicrosoftAppType) problems.push('the bot and the app disagree on msaAppType');
    if (bp.msaAppId !== env.MicrosoftAppId) problems.push('the bot and the app disagree on the app id');
    if (msaAppType !== 'MultiTenant' && (!bp.msaAppTenantId || bp.msaAppTenantId !== env.MicrosoftAppTenantId)) problems.push('the bot and the app disagree on the tenant');
    if (msaAppType === 'UserAssignedMSI' && bp.msaAppMSIResourceId !== parameters.msaAppMSIResourceId) problems.push('the bot does not name its managed identity');
    for (const channel of ['DirectLineChannel', 'MsTeamsChannel']) {
      const c = deployedOfType(d, 'Microsoft.BotService/botServices/channels').find((r) => r.name === `${bot.name}/${channel}`);
      if (!c || props(c).channelName !== channel) problems.push(`the bot has no ${channel}`);
    }
  }

  problems.push(...cosmosProblems(d, env, site));

  const insights = deployedOfType(d, 'Microsoft.Insights/components')[0];
  const workspace = deployedOfType(d, 'Microsoft.OperationalInsights/workspaces').find((w) => w.id === props(insights).WorkspaceResourceId);
  if (!insights || !workspace) problems.push('Application Insights must be workspace-based on a Log Analytics workspace of the template');
  if (!env.APPLICATIONINSIGHTS_CONNECTION_STRING) problems.push('APPLICATIONINSIGHTS_CONNECTION_STRING is not set');
  return problems;
}

function cosmosProblems(d: SimulatedDeployment, env: Record<string, string>, site: SimulatedResource): string[] {
  const problems: string[] = [];
  const account = deployedOfType(d, 'Microsoft.DocumentDB/databaseAccounts').find((a) => env.COSMOS_ENDPOINT === `https://${a.name}.documents.azure.com:443/`);
  if (!account) return ['COSMOS_ENDPOINT does not point at the Cosmos DB account of the template'];
  const database = `${account.name}/${env.COSMOS_DATABASE}`;
  if (!deployedOfType(d, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases').some((r) => r.name === database)) {
    problems.push(`COSMOS_DATABASE ${env.COSMOS_DATABASE} is not created in ${account.name}`);
  }
  const containers = deployedOfType(d, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers').filter((c) => c.name.startsWith(`${database}/`));
  const names = containers.map((c) => String(props(c).resource?.id));
  const expected = Object.keys(CONTAINERS);
  for (const name of expected) if (!names.includes(name)) problems.push(`container ${name} (src/services/storage/containers.ts) is not created`);
  for (const name of names) if (!expected.includes(name)) problems.push(`container ${name} is created but not in CONTAINERS`);
  for (const c of containers) {
    const resource = (props(c).resource ?? {}) as Json;
    if (c.name !== `${database}/${resource.id}`) problems.push(`container resource ${c.name} is named differently from its id ${resource.id}`);
    if (JSON.stringify(resource.partitionKey?.paths) !== JSON.stringify([PARTITION_KEY_PATH])) {
      problems.push(`container ${resource.id} is partitioned by ${JSON.stringify(resource.partitionKey?.paths)}, not [${PARTITION_KEY_PATH}]`);
    }
    // Version 2 (hashes of long values): Teams conversation ids exceed v1's 100 bytes; see cosmos-store.ts. It cannot change later.
    if (resource.partitionKey?.version !== 2) problems.push(`container ${resource.id} needs partition key version 2 (long Teams conversation ids)`);
    if (resource.defaultTtl !== -1) problems.push(`container ${resource.id} needs defaultTtl -1 (TTL on, set per item for retention)`);
  }
  const usesKey = Boolean(env.COSMOS_KEY);
  if (!usesKey) {
    const granted = deployedOfType(d, 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments').some(
      (a) =>
        props(a).principalId === simulatedPrincipalId(site.name) &&
        String(props(a).roleDefinitionId).endsWith(`/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR}`) &&
        props(a).scope === account.id,
    );
    if (!granted) problems.push('without COSMOS_KEY the Web App identity needs the Cosmos DB Built-in Data Contributor role');
  } else if (props(account).disableLocalAuth === true) {
    problems.push('COSMOS_KEY is set but the account disables key authentication');
  }
  return problems;
}

export interface TemplateCheck {
  deployment: SimulatedDeployment;
  env: Record<string, string>;
  requiredInProduction: string[];
  problems: string[];
}

/** Simulates the template with the parameters and runs every check above. */
export function checkDeployment(template: ArmTemplate, parameters: Record<string, unknown>, scope: Scope): TemplateCheck {
  const deployment = simulateDeployment(template, parameters, scope);
  const problems = [...deployment.problems];
  const web = webAppDeployment(deployment);
  if (!web) return { deployment, env: {}, requiredInProduction: [], problems: [...problems, 'no Web App is deployed'] };
  const resolved = resolveSettings(web, appSettings(web));
  const config = configProblems(resolved.env);
  problems.push(...resolved.problems, ...config.problems, ...resourceProblems(web, web.parameters, resolved.env));
  return { deployment, env: resolved.env, requiredInProduction: config.requiredInProduction, problems };
}
