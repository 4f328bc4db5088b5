// Regenerates deployWithNewResourceGroup from the with-rg template (embedded unchanged).
// Run after editing deployUseExistResourceGroup/: node deploymentTemplates/sync-new-rg-template.js
// (test/deployment/templates.test.ts fails while the two differ).
const fs = require('fs');
const root = __dirname;
const inner = JSON.parse(fs.readFileSync(`${root}/deployUseExistResourceGroup/template-helpline-with-rg.json`, 'utf8'));
const innerParamsFile = JSON.parse(fs.readFileSync(`${root}/deployUseExistResourceGroup/parameters-for-template-helpline-with-rg.json`, 'utf8'));
const deploymentName = 'helpline-resources';
const params = {
  groupName: { type: 'string', metadata: { description: 'Name of the resource group to create.' } },
  groupLocation: { type: 'string', metadata: { description: 'Region of the new resource group and of every regional resource in it.' } },
};
const passed = { location: { value: "[parameters('groupLocation')]" } };
for (const [name, def] of Object.entries(inner.parameters)) {
  if (name === 'location') continue;
  params[name] = def;
  passed[name] = { value: `[parameters('${name}')]` };
}
const outputs = {};
const ref = `reference(resourceId(parameters('groupName'), 'Microsoft.Resources/deployments', '${deploymentName}'), '2022-09-01')`;
for (const [name, def] of Object.entries(inner.outputs)) {
  outputs[name] = { type: def.type, value: `[${ref}.outputs.${name}.value]` };
}
outputs.resourceGroupName = { type: 'string', value: "[parameters('groupName')]" };
const outer = {
  $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  metadata: {
    description: 'Helpline in a new resource group: creates the group, then deploys deployUseExistResourceGroup/template-helpline-with-rg.json (embedded unchanged below) into it.',
  },
  parameters: params,
  resources: [
    { type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: "[parameters('groupName')]", location: "[parameters('groupLocation')]", properties: {} },
    {
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: deploymentName,
      resourceGroup: "[parameters('groupName')]",
      dependsOn: ["[resourceId('Microsoft.Resources/resourceGroups', parameters('groupName'))]"],
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        parameters: passed,
        template: inner,
      },
    },
  ],
  outputs,
};
const paramsFile = {
  $schema: innerParamsFile.$schema,
  contentVersion: '1.0.0.0',
  parameters: { groupName: { value: '' }, groupLocation: { value: '' }, ...innerParamsFile.parameters },
};
fs.writeFileSync(`${root}/deployWithNewResourceGroup/template-helpline-new-rg.json`, JSON.stringify(outer, null, 2) + '\n');
fs.writeFileSync(`${root}/deployWithNewResourceGroup/parameters-for-template-helpline-new-rg.json`, JSON.stringify(paramsFile, null, 2) + '\n');
