import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { removeTempDirs, tempDir } from './support/temp-dir';

const base = { HELPLINE_CONFIG: 'content/helpline.config.yaml' };

function policyFile(edit: (text: string) => string): string {
  const file = path.join(tempDir('helpline-config-'), 'policy.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync('content/helpline.config.yaml', 'utf8')));
  return file;
}

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults: local mode on SQLite, port 3978', () => {
    const config = loadConfig(base);
    expect(config.env).toMatchObject({ PORT: 3978, HELPLINE_STORE: 'sqlite', HELPLINE_DATA_DIR: './data', NODE_ENV: 'development' });
    expect(config.localMode).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:3978');
    expect(config.mailFrom).toBe(config.policy.company.mailFrom);
    expect(config.policy.billing.plans.map((p) => p.id)).toEqual(['annual', 'monthly', 'incident']);
  });

  it('treats empty variables (as in .env.example) as unset', () => {
    expect(loadConfig({ ...base, PORT: '', MicrosoftAppId: '', SMTP_URL: '' }).env.PORT).toBe(3978);
  });

  it.each([
    [{ HELPLINE_STORE: 'mysql' }, /^HELPLINE_STORE: /],
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ SMTP_URL: 'mail.example.com' }, /^SMTP_URL: must start with smtp:\/\//],
    [{ HELPLINE_PUBLIC_URL: 'not a url' }, /^HELPLINE_PUBLIC_URL: /],
    [{ HELPLINE_STORE: 'cosmos' }, /^COSMOS_ENDPOINT: required when HELPLINE_STORE=cosmos/],
    [{ MicrosoftAppId: 'abc' }, /^MicrosoftAppPassword: required/],
    [{ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x' }, /^MicrosoftAppTenantId: required/],
    [{ HELPLINE_CONFIG: 'content/nope.yaml' }, /^HELPLINE_CONFIG: cannot read/],
  ])('%j stops startup with one line naming the setting', (env, message) => {
    const text = errorOf({ ...base, ...env });
    expect(text).toMatch(message);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('production refuses unsafe defaults', () => {
    expect(errorOf({ ...base, NODE_ENV: 'production' })).toMatch(/^SMTP_URL: required in production/);
    expect(errorOf({ ...base, NODE_ENV: 'production', SMTP_URL: 'smtp://mail:587' })).toMatch(/^MicrosoftAppId: required in production/);
    const safe = { ...base, NODE_ENV: 'production', SMTP_URL: 'smtp://mail:587', MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' };
    expect(loadConfig(safe).localMode).toBe(false);
    expect(errorOf({ ...safe, HELPLINE_DEV_TECHNICIAN_PASSWORD: 'a long dev password' })).toMatch(/^HELPLINE_DEV_TECHNICIAN_PASSWORD: not allowed in production/);
  });

  it('a bad policy value names the file, the line and the setting', () => {
    const file = policyFile((t) => t.replace('timeZone: America/New_York', 'timeZone: Mars/Olympus'));
    const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('Mars/Olympus')) + 1;
    expect(errorOf({ HELPLINE_CONFIG: file })).toBe(`${file}:${line}: businessHours.timeZone: must be an IANA time zone like Europe/London`);
  });

  it('broken YAML names the file and line', () => {
    const file = policyFile((t) => t.replace('defaultRegion: US', 'defaultRegion: [US'));
    expect(errorOf({ HELPLINE_CONFIG: file })).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: invalid YAML`));
  });

  it('bot state may not outlive the transcripts (it holds the last turn of the transcript)', () => {
    const file = policyFile((t) => t.replace('botState: 30', 'botState: 120'));
    const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('botState: 120')) + 1;
    expect(errorOf({ HELPLINE_CONFIG: file })).toBe(`${file}:${line}: retentionDays.botState: must not be longer than retentionDays.transcripts (the conversation state holds the last turn of the transcript)`);
  });

  it('plans and refund rules are validated too', () => {
    const file = policyFile((t) => t.replace('condition: incident_rules', 'condition: whenever'));
    expect(errorOf({ HELPLINE_CONFIG: file })).toMatch(/billing\.plans\.2\.refund\.condition: Invalid enum value/);
  });
});

afterAll(removeTempDirs);
