import { ConsentLedger } from '../../../src/services/privacy/consent-ledger';
import { asksToStopRemoteAccess, endsRemoteSessionIfGranted, RemoteAccessConsent } from '../../../src/services/privacy/remote-access';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';

function setup(version = '2026-11-01') {
  let now = Date.parse('2026-11-15T12:00:00Z');
  const clock = () => now;
  const store = new SqliteStore({ dataDir: ':memory:', now: clock });
  const ledger = new ConsentLedger(store, { retentionDays: 2555, now: clock });
  return { ledger, access: new RemoteAccessConsent(ledger, { noticeVersion: version, now: clock }), advance: (ms: number) => void (now += ms) };
}
const decision = { userId: 'u1', conversationId: 'c1', channel: 'test' };

describe('remote access consent (P6)', () => {
  it('lets a technician start only after a recorded yes, and not after a withdrawal', async () => {
    const { access } = setup();
    expect(await access.hasRemoteAccessConsent('u1')).toBe(false);
    await access.grant(decision);
    expect(await access.hasRemoteAccessConsent('u1')).toBe(true);
    expect(await access.hasRemoteAccessConsent('u1', { conversationId: 'c2' })).toBe(false);
    await access.refuse({ ...decision, source: 'revocation' });
    expect(await access.hasRemoteAccessConsent('u1')).toBe(false);
  });

  it('records the notice version and stops counting a yes given under an older one', async () => {
    const { ledger, access } = setup('2026-11-01');
    await access.grant(decision);
    expect((await ledger.current('u1')).remote_access).toMatchObject({ granted: true, noticeVersion: '2026-11-01', channel: 'test' });
    const newer = new RemoteAccessConsent(ledger, { noticeVersion: '2027-01-01' });
    expect(await newer.hasRemoteAccessConsent('u1')).toBe(false);
  });

  it('covers one session, not forever', async () => {
    const { access, advance } = setup();
    await access.grant(decision);
    advance(9 * 3600_000);
    expect(await access.hasRemoteAccessConsent('u1')).toBe(false);
  });

  it.each(['stop the remote session', 'revoke remote access', 'please end remote control now', 'disconnect the remote connection', 'remote session off', 'get out of my computer'])(
    'hears "%s" as a withdrawal',
    (text) => expect(asksToStopRemoteAccess(text)).toBe(true),
  );

  it.each(['can you remote in', 'remote access please', 'my remote control for the tv is broken?'])('does not hear "%s" as one', (text) =>
    expect(asksToStopRemoteAccess(text)).toBe(false),
  );

  it.each(['end the session', 'please disconnect him now!', 'i want him off my computer', 'stop controlling my mouse', 'revoke access', 'I no longer consent'])(
    'hears "%s" as a withdrawal only while a yes stands',
    (text) => {
      expect(endsRemoteSessionIfGranted(text)).toBe(true);
      expect(asksToStopRemoteAccess(text)).toBe(false);
    },
  );

  it.each(['how do i disconnect my printer', 'my wifi keeps disconnecting', 'stop sharing my data', 'end this chat'])('does not hear "%s" as one even then', (text) =>
    expect(endsRemoteSessionIfGranted(text)).toBe(false),
  );
});
