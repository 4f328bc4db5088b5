import fs from 'node:fs';
import path from 'node:path';
import { loadPolicy } from '../../../src/config';
import { fromRoot } from '../../../src/paths';
import { loadNoticeCatalogue, NoticeCatalogueError, NoticeService, NOTICE_IDS, wireNotice } from '../../../src/services/privacy/notices';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { removeTempDirs, tempDir } from '../../support/temp-dir';

const policy = loadPolicy(fromRoot('content/helpline.config.yaml'));
const NOTICES = fromRoot('content/notices');

function copyCatalogue(edit?: (name: string, text: string) => string): string {
  const dir = tempDir('helpline-notices-');
  for (const name of fs.readdirSync(NOTICES)) {
    const text = fs.readFileSync(path.join(NOTICES, name), 'utf8');
    fs.writeFileSync(path.join(dir, name), edit ? edit(name, text) : text);
  }
  return dir;
}

function service(dir = NOTICES) {
  const store = new SqliteStore({ dataDir: ':memory:', now: () => Date.parse('2026-11-15T12:00:00Z') });
  return { store, notices: new NoticeService(loadNoticeCatalogue(dir), { store, retentionDays: policy.retentionDays, privacyPolicyUrl: policy.privacyPolicyUrl }) };
}

describe('the notice catalogue', () => {
  it('has a valid notice for every category, with retention from the config file', () => {
    const { notices } = service();
    for (const id of NOTICE_IDS) expect(notices.noticeFor(id).id).toBe(id);
    expect(notices.noticeFor('contact').retentionDays).toBe(policy.retentionDays.contact);
    expect(notices.noticeFor('recording').retentionDays).toBe(policy.retentionDays.transcripts);
    expect(notices.noticeFor('email').id).toBe('contact');
    expect(notices.noticeFor('serial').id).toBe('device');
  });

  it('states purpose, retention, rights and the privacy policy link in every notice text', () => {
    const { notices } = service();
    for (const id of NOTICE_IDS) {
      const n = notices.noticeFor(id);
      expect(n.text).toContain(`${n.retentionDays} days`);
      expect(n.text).toContain(policy.privacyPolicyUrl);
      expect(n.text).toMatch(/see, correct or delete/);
      expect(n.purposes.length).toBeGreaterThan(0);
    }
  });

  it('puts exactly the protocol fields on the wire', () => {
    const { notices } = service();
    expect(Object.keys(wireNotice(notices.noticeFor('contact'))).sort()).toEqual(['categories', 'id', 'purposes', 'required', 'retentionDays', 'version']);
  });

  it('names the file, line and field of a wrong value', () => {
    const dir = copyCatalogue((name, text) => (name === 'device.yaml' ? text.replace('required: false', 'required: maybe') : text));
    expect(() => loadNoticeCatalogue(dir)).toThrow(NoticeCatalogueError);
    const line = fs.readFileSync(path.join(dir, 'device.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('required:')) + 1;
    expect(() => loadNoticeCatalogue(dir)).toThrow(`${path.join(dir, 'device.yaml')}:${line}: required: Expected boolean, received string`);
  });

  it('refuses a bad version date, a consent notice without a purpose, and a missing file', () => {
    const badVersion = copyCatalogue((name, text) => (name === 'contact.yaml' ? text.replace('"2026-11-01"', 'November') : text));
    expect(() => loadNoticeCatalogue(badVersion)).toThrow(/contact\.yaml:\d+: version: must be a date/);
    const noPurpose = copyCatalogue((name, text) => (name === 'recording.yaml' ? text.replace(/consentPurpose: .*\n/, '') : text));
    expect(() => loadNoticeCatalogue(noPurpose)).toThrow(/recording\.yaml:\d+: consentPurpose: is required when basis is consent/);
    const missing = copyCatalogue();
    fs.rmSync(path.join(missing, 'remote_access.yaml'));
    expect(() => loadNoticeCatalogue(missing)).toThrow(/missing notice file\(s\): remote_access\.yaml/);
  });

  it('lists only the changes a returning user has not been told about', () => {
    const dir = copyCatalogue((name, text) =>
      name === 'contact.yaml'
        ? text
            .replace('"2026-11-01"', '"2027-03-01"')
            .replace('changes: []', 'changes:\n  - version: "2027-01-10"\n    summary: We now also use your phone number for delivery updates.\n  - version: "2027-03-01"\n    summary: Contact details are kept for 365 days.')
        : text,
    );
    const { notices } = service(dir);
    expect(notices.changesSince('contact', '2026-11-01')).toEqual(['We now also use your phone number for delivery updates.', 'Contact details are kept for 365 days.']);
    expect(notices.changesSince('contact', '2027-01-10')).toEqual(['Contact details are kept for 365 days.']);
    expect(notices.changesSince('contact', '2027-03-01')).toEqual([]);
  });

  it('remembers per user which version was seen', async () => {
    const { notices } = service();
    expect(await notices.seenBy('u1')).toEqual({});
    await notices.markSeen('u1', 'contact', '2026-11-01');
    await notices.markSeen('u1', 'device', '2026-11-01');
    expect(await notices.seenBy('u1')).toMatchObject({ contact: { version: '2026-11-01' }, device: { version: '2026-11-01' } });
    expect(await notices.seenBy('u2')).toEqual({});
  });
});

afterAll(removeTempDirs);
