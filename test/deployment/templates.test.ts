import fs from 'node:fs';
import path from 'node:path';
import { ArmTemplate, Scope, SimulatedDeployment } from './arm-deployment';
import { CONTAINERS } from '../../src/services/storage/containers';
import { readAzureDoc, tableAfter } from './docs-tables';
import { checkDeployment, ParametersFile, parameterProblems, webAppDeployment } from './template-checks';

const TEMPLATES_DIR = path.resolve(__dirname, '../../deploymentTemplates');
const WITH_RG = path.join(TEMPLATES_DIR, 'deployUseExistResourceGroup/template-helpline-with-rg.json');

interface TemplatePair {
  label: string;
  template: ArmTemplate;
  parametersFile: ParametersFile;
  scope: Scope;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** Every template-*.json under deploymentTemplates/ with its parameters-for-template-*.json. */
function templatePairs(): TemplatePair[] {
  const pairs: TemplatePair[] = [];
  for (const dir of fs.readdirSync(TEMPLATES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of fs.readdirSync(path.join(TEMPLATES_DIR, dir.name)).filter((f) => /^template-.*\.json$/.test(f))) {
      const template = readJson<ArmTemplate>(path.join(TEMPLATES_DIR, dir.name, file));
      const parametersPath = path.join(TEMPLATES_DIR, dir.name, `parameters-for-${file}`);
      pairs.push({
        label: `${dir.name}/${file}`,
        template,
        parametersFile: readJson<ParametersFile>(parametersPath),
        scope: template.$schema.includes('subscriptionDeploymentTemplate') ? 'subscription' : 'resourceGroup',
      });
    }
  }
  return pairs;
}

const PAIRS = templatePairs();
const APP_ID = '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const OTHER_TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const MSI_ID = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/helpline-bot';

/** Parameter sets a deployer would really use; each must give a site loadConfig() accepts in production. */
const SCENARIOS: Array<{ name: string; parameters: Record<string, unknown>; needs: string[] }> = [
  {
    name: 'multi-tenant app registration, serverless Cosmos DB through managed identity',
    parameters: { appServiceName: 'helpline-test', msaAppId: APP_ID, msaAppPassword: 'app-secret', smtpUrl: 'smtp://codes:pw@mail.example.com:587' },
    needs: ['MicrosoftAppPassword'],
  },
  {
    name: 'single-tenant app registration, provisioned Cosmos DB with a key, custom domain',
    parameters: {
      appServiceName: 'helpline-test',
      msaAppType: 'SingleTenant',
      msaAppId: APP_ID,
      msaAppPassword: 'app-secret',
      msaAppTenantId: OTHER_TENANT,
      smtpUrl: 'smtps://codes:pw@mail.example.com:465',
      mailFrom: 'help@contoso.example',
      publicUrl: 'https://help.contoso.example',
      cosmosCapacityMode: 'Provisioned',
      cosmosThroughput: 1000,
      cosmosAuthMode: 'Key',
    },
    needs: ['MicrosoftAppPassword', 'MicrosoftAppTenantId'],
  },
  {
    name: 'user-assigned managed identity as the bot identity',
    parameters: { appServiceName: 'helpline-test', msaAppType: 'UserAssignedMSI', msaAppId: APP_ID, msaAppMSIResourceId: MSI_ID, smtpUrl: 'smtp://mail.example.com:25' },
    needs: ['MicrosoftAppType'],
  },
];

/** The parameter file's values, completed the way the docs tell a deployer to. */
function parametersFor(pair: TemplatePair, scenario: Record<string, unknown>): Record<string, unknown> {
  const fromFile = Object.fromEntries(
    Object.entries(pair.parametersFile.parameters)
      .filter(([, v]) => v.value !== '')
      .map(([k, v]) => [k, v.value]),
  );
  const group = pair.scope === 'subscription' ? { groupName: 'helpline-rg', groupLocation: 'westeurope' } : {};
  return { ...fromFile, ...group, ...scenario };
}

const findWeb = (d: SimulatedDeployment) => webAppDeployment(d)!;

describe('Azure deployment templates', () => {
  it('come in the Bot Framework samples layout, each with a parameter file', () => {
    expect(PAIRS.map((p) => p.label).sort()).toEqual([
      'deployUseExistResourceGroup/template-helpline-with-rg.json',
      'deployWithNewResourceGroup/template-helpline-new-rg.json',
    ]);
    for (const dir of ['deployUseExistResourceGroup', 'deployWithNewResourceGroup']) {
      const orphans = fs
        .readdirSync(path.join(TEMPLATES_DIR, dir))
        .filter((f) => f.startsWith('parameters-') && !fs.existsSync(path.join(TEMPLATES_DIR, dir, f.replace(/^parameters-for-/, ''))));
      expect(orphans).toEqual([]);
    }
  });

  it.each(PAIRS.map((p) => [p.label, p] as const))('%s uses every parameter it declares and its parameter file gives only declared ones', (_label, pair) => {
    expect(parameterProblems(pair.template as never, pair.parametersFile, pair.label)).toEqual([]);
  });

  it('the new-resource-group template embeds the existing-group template unchanged (run deploymentTemplates/sync-new-rg-template.js)', () => {
    const outer = PAIRS.find((p) => p.scope === 'subscription')!.template;
    const nested = outer.resources.find((r) => r.type === 'Microsoft.Resources/deployments') as { properties: { template: unknown } };
    expect(nested.properties.template).toEqual(readJson(WITH_RG));
  });

  it('start Node with the same flags as npm start (the heap limit that keeps memory under 300 MB)', () => {
    const pkg = readJson<{ scripts: { start: string }; config: { nodeFlags: string } }>(path.resolve(__dirname, '../../package.json'));
    expect(pkg.config.nodeFlags).toMatch(/--max-old-space-size=\d+/);
    expect(pkg.scripts.start).toContain('node $npm_package_config_nodeFlags dist/src/index.js');
    for (const { label, template } of PAIRS) {
      const commands = JSON.stringify(template).match(/"appCommandLine":\s*"([^"]*)"/g) ?? [];
      expect({ label, commands }).toEqual({ label, commands: [expect.stringContaining(`node ${pkg.config.nodeFlags} dist/src/index.js`)] });
    }
  });

  it('offer the bot identity kinds and Cosmos DB capacity modes the docs describe', () => {
    const params = readJson<ArmTemplate>(WITH_RG).parameters!;
    expect(params.msaAppType.allowedValues).toEqual(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']);
    expect(params.cosmosCapacityMode.allowedValues).toEqual(['Serverless', 'Provisioned']);
    for (const name of ['msaAppTenantId', 'msaAppMSIResourceId']) expect(params[name]).toBeDefined();
  });

  it('README.md explains every parameter of both templates', () => {
    const documented = tableAfter(readAzureDoc(), /^### 4\. Deploy the template/).flatMap((r) => r.names);
    const declared = new Set(PAIRS.flatMap((p) => Object.keys(p.template.parameters ?? {})));
    expect([...documented].sort()).toEqual([...declared].sort());
  });

  describe.each(PAIRS.map((p) => [p.label, p] as const))('%s', (_label, pair) => {
    it.each(SCENARIOS.map((s) => [s.name, s] as const))('deploys a site Helpline starts on in production: %s', (_name, scenario) => {
      const check = checkDeployment(pair.template, parametersFor(pair, scenario.parameters), pair.scope);
      expect(check.problems).toEqual([]);
      // Taking any one of these away makes loadConfig() refuse to start, so the template must keep them.
      expect(check.requiredInProduction).toEqual(expect.arrayContaining(['SMTP_URL', 'MicrosoftAppId', 'COSMOS_ENDPOINT', ...scenario.needs]));
    });

    it('keeps secrets in Key Vault and reads them there at run time', () => {
      const check = checkDeployment(pair.template, parametersFor(pair, SCENARIOS[0].parameters), pair.scope);
      const web = findWeb(check.deployment);
      const settings = web.resources.find((r) => r.type === 'Microsoft.Web/sites/config')!.fields.properties as Record<string, string>;
      for (const key of ['MicrosoftAppPassword', 'SMTP_URL', 'DIRECT_LINE_SECRET']) expect(settings[key]).toMatch(/^@Microsoft\.KeyVault\(SecretUri=https:\/\//);
      expect(check.env.SMTP_URL).toBe('smtp://codes:pw@mail.example.com:587');
      expect(check.env.MicrosoftAppPassword).toBe('app-secret');
      expect(check.env.DIRECT_LINE_SECRET).toBe('simulated-DirectLineChannel-key');
    });

    it('creates exactly the Cosmos DB containers the code uses, serverless or provisioned', () => {
      for (const [mode, scenario] of [['Serverless', SCENARIOS[0]], ['Provisioned', SCENARIOS[1]]] as const) {
        const web = findWeb(checkDeployment(pair.template, parametersFor(pair, scenario.parameters), pair.scope).deployment);
        const containers = web.resources.filter((r) => r.type.endsWith('/containers')).map((r) => r.name.split('/').pop());
        expect(containers.sort()).toEqual(Object.keys(CONTAINERS).sort());
        const account = web.resources.find((r) => r.type === 'Microsoft.DocumentDB/databaseAccounts')!.fields.properties as { capabilities: unknown[] };
        const database = web.resources.find((r) => r.type.endsWith('/sqlDatabases'))!.fields.properties as { options: object };
        expect(account.capabilities).toEqual(mode === 'Serverless' ? [{ name: 'EnableServerless' }] : []);
        expect(database.options).toEqual(mode === 'Serverless' ? {} : { throughput: 1000 });
      }
    });
  });
});

describe('the template checks catch broken templates', () => {
  const base = () => readJson<ArmTemplate & Record<string, any>>(WITH_RG);
  const problemsOf = (template: ArmTemplate) => checkDeployment(template, { ...SCENARIOS[0].parameters }, 'resourceGroup').problems.join('\n');
  const resource = (t: ArmTemplate, type: string, nameIncludes = '') =>
    t.resources.find((r) => r.type === type && String(r.name).includes(nameIncludes)) as Record<string, any>;

  it('a parameter nobody uses', () => {
    const t = base();
    t.parameters!.unusedKnob = { type: 'string', defaultValue: 'x' };
    expect(parameterProblems(t, undefined, 't')).toEqual(['t: parameter unusedKnob is declared but never used']);
  });

  it('a parameter file giving a parameter the template does not declare', () => {
    expect(parameterProblems(base(), { parameters: { appServiceName: { value: 'x' }, msaAppId: { value: 'y' }, botRegion: { value: 'global' } } }, 't')).toEqual([
      't: the parameter file gives botRegion, which the template does not declare',
    ]);
  });

  it('a missing container, a wrong partition key or key version, and a container the code does not know', () => {
    const t = base();
    t.resources = t.resources.filter((r) => !String(r.name).includes("/technicians'"));
    resource(t, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers', '/users').properties.resource.partitionKey.paths = ['/userId'];
    delete resource(t, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers', '/handoffs').properties.resource.partitionKey.version;
    const extra = JSON.parse(JSON.stringify(resource(t, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers', '/ledger')));
    extra.name = extra.name.replace('/ledger', '/audit');
    extra.properties.resource.id = 'audit';
    t.resources.push(extra);
    const problems = problemsOf(t);
    expect(problems).toContain('container technicians (src/services/storage/containers.ts) is not created');
    expect(problems).toContain('container users is partitioned by ["/userId"], not [/pk]');
    expect(problems).toContain('container audit is created but not in CONTAINERS');
    expect(problems).toContain('container handoffs needs partition key version 2 (long Teams conversation ids)');
  });

  it('an app setting production cannot start without', () => {
    const t = base();
    delete resource(t, 'Microsoft.Web/sites/config').properties.SMTP_URL;
    expect(problemsOf(t)).toContain('loadConfig rejects the template\'s app settings: SMTP_URL: required in production');
  });

  it('a misspelt setting and a secret in plain text', () => {
    const t = base();
    const settings = resource(t, 'Microsoft.Web/sites/config').properties;
    settings.COSMOS_ENDPIONT = settings.COSMOS_ENDPOINT;
    settings.DIRECT_LINE_SECRET = 'abc123';
    const problems = problemsOf(t);
    expect(problems).toContain('app setting COSMOS_ENDPIONT is not read by src/config.ts (typo?)');
    expect(problems).toContain('app setting DIRECT_LINE_SECRET holds a secret in plain text; use a Key Vault reference');
  });

  it('web sockets off, plain HTTP allowed, another Node version', () => {
    const t = base();
    const site = resource(t, 'Microsoft.Web/sites').properties;
    site.httpsOnly = false;
    site.siteConfig.webSocketsEnabled = false;
    site.siteConfig.linuxFxVersion = 'NODE|18-lts';
    const problems = problemsOf(t);
    expect(problems).toContain('the Web App must set httpsOnly: true');
    expect(problems).toContain('the Web App must set siteConfig.webSocketsEnabled: true');
    expect(problems).toContain('the Web App runs NODE|18-lts, not NODE|20');
  });

  it('a resource that reads another before it exists, and a Key Vault the app cannot read', () => {
    const t = base();
    const secret = resource(t, 'Microsoft.KeyVault/vaults/secrets', 'directLineSecret');
    secret.dependsOn = secret.dependsOn.slice(0, 1);
    resource(t, 'Microsoft.KeyVault/vaults').properties.accessPolicies[0].permissions.secrets = ['list'];
    const problems = problemsOf(t);
    expect(problems).toMatch(/vaults\/secrets kv-\w+\/direct-line-secret reads Microsoft.BotService\/botServices\/channels helpline-test\/DirectLineChannel at deployment time but does not depend on it/);
    expect(problems).toMatch(/the Web App's identity cannot get secrets from kv-\w+, so SMTP_URL would not resolve/);
  });
});
