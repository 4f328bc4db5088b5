import { memoryStore } from '../support/memory-store';
import { PASSWORD, startTechnicianApi, type Harness } from './technician-harness';

const B = '/api/technician';

describe('the technician API', () => {
  let api: Harness;
  let clock: ReturnType<typeof memoryStore>['clock'];

  beforeEach(async () => {
    const m = memoryStore();
    clock = m.clock;
    api = await startTechnicianApi(m.store, clock.now);
  });
  afterEach(() => api.close());

  describe('signing in', () => {
    it('returns a bearer token and sets an httpOnly SameSite=Strict cookie for the console', async () => {
      const res = await api.call('POST', `${B}/login`, { body: { username: 'tina', password: PASSWORD } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ token: expect.stringMatching(/^[\w-]{43}$/), expiresAt: expect.any(String), technician: { id: expect.any(String), name: 'Tina', roles: ['technician'] } });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      // The session slides with use, so the cookie outlives its first expiry, up to the 24-hour cap.
      expect(cookie).toContain('Max-Age=86400');
      expect(cookie).toContain(`helpline_technician=${res.body.token}`);
    });

    it('answers 401 on a wrong password and 429 after repeated failures, even with the right one', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await api.call('POST', `${B}/login`, { body: { username: 'tina', password: 'not the password' } });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
      }
      const blocked = await api.call('POST', `${B}/login`, { body: { username: 'tina', password: PASSWORD } });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another username from the same address is not locked out.
      expect((await api.call('POST', `${B}/login`, { body: { username: 'omar', password: PASSWORD } })).status).toBe(200);
    });

    it('answers 429 to an address that tried many usernames, even with a right password; another address signs in', async () => {
      // Each try costs an argon2 hash; the per-username limit alone would let one address try a password on every name.
      for (let i = 0; i < 10; i++) {
        expect((await api.call('POST', `${B}/login`, { body: { username: `guess${i}`, password: 'Winter2026!' } })).status).toBe(401);
      }
      const blocked = await api.call('POST', `${B}/login`, { body: { username: 'tina', password: PASSWORD } });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('too_many_attempts');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // The harness connects over loopback, so X-Forwarded-For is taken as a proxy's word for the client's address.
      const elsewhere = await api.call('POST', `${B}/login`, { body: { username: 'tina', password: PASSWORD }, headers: { 'x-forwarded-for': '203.0.113.20' } });
      expect(elsewhere.status).toBe(200);
    });

    it.each([
      ['not JSON', '{"username":', 400],
      ['a missing password', { username: 'tina' }, 400],
      ['a number as username', { username: 5, password: 'x' }, 400],
    ])('answers %s with 400, never 500', async (_label, body, status) => {
      const res = await api.call('POST', `${B}/login`, { body });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toEqual(expect.any(String));
    });
  });

  describe('authentication', () => {
    it.each([
      ['no token', undefined],
      ['a forged token', 'A'.repeat(43)],
      ['a malformed token', 'hello'],
    ])('answers 401 with %s', async (_label, token) => {
      const res = await api.call('GET', `${B}/handoffs`, { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    });

    it('answers 401 once the token has expired', async () => {
      const token = await api.login('tina');
      expect((await api.call('GET', `${B}/handoffs`, { token })).status).toBe(200);
      clock.advance(8 * 3600_000 + 1);
      expect((await api.call('GET', `${B}/handoffs`, { token })).status).toBe(401);
    });

    it('each use extends the session by 8 hours, up to 24 hours after sign-in; the new expiry is in X-Session-Expires', async () => {
      const token = await api.login('tina');
      const signedInAt = clock.now();
      for (const hours of [7, 14]) {
        clock.advance(7 * 3600_000);
        const res = await api.call('GET', `${B}/handoffs`, { token });
        expect(res.status).toBe(200);
        expect(res.headers.get('x-session-expires')).toBe(new Date(signedInAt + (hours + 8) * 3600_000).toISOString());
      }
      clock.advance(7 * 3600_000);
      const capped = await api.call('GET', `${B}/handoffs`, { token });
      expect(capped.status).toBe(200);
      expect(capped.headers.get('x-session-expires')).toBe(new Date(signedInAt + 24 * 3600_000).toISOString());
      clock.advance(3 * 3600_000);
      expect((await api.call('GET', `${B}/handoffs`, { token })).status).toBe(401);
    });

    it('logout ends the session', async () => {
      const token = await api.login('tina');
      expect((await api.call('POST', `${B}/logout`, { token })).status).toBe(204);
      expect((await api.call('GET', `${B}/handoffs`, { token })).status).toBe(401);
    });

    it.each([
      ['a form body', 'bye=1', 'application/x-www-form-urlencoded'],
      ['a text body', 'bye', 'text/plain'],
      ['malformed JSON', '{"bye":', 'application/json'],
    ])('logout with %s still ends the session (it needs no body)', async (_label, body, type) => {
      const token = await api.login('tina');
      expect((await api.call('POST', `${B}/logout`, { token, body, headers: { 'content-type': type } })).status).toBe(204);
      expect((await api.call('GET', `${B}/handoffs`, { token })).status).toBe(401);
    });

    it('accepts the console cookie, but a state change by cookie needs the console header (CSRF)', async () => {
      const token = await api.login('tina');
      const id = await api.queueHandoff(1);
      const cookie = `helpline_technician=${token}`;
      expect((await api.call('GET', `${B}/handoffs`, { headers: { cookie } })).status).toBe(200);
      expect((await api.call('POST', `${B}/handoffs/${id}/claim`, { headers: { cookie } })).status).toBe(403);
      expect((await api.call('POST', `${B}/handoffs/${id}/claim`, { headers: { cookie, 'x-helpline-console': '1' } })).status).toBe(200);
    });

    it('the audit log is for supervisors only (403 for technicians)', async () => {
      const tina = await api.login('tina');
      const sue = await api.login('sue');
      expect((await api.call('GET', `${B}/audit`, { token: tina })).status).toBe(403);
      expect((await api.call('GET', `${B}/audit`, { token: sue })).status).toBe(200);
    });
  });

  // A session that ended (8 hours idle, the 24-hour cap, or a sign-out) left its live chats assigned:
  // the user wrote to a console nobody read, was never told, and no colleague could claim them.
  describe('a technician whose session ends with a chat open', () => {
    const steppedAway = (conversationId: string) => api.sent.filter((s) => s.conversationId === conversationId && s.message.handoff?.state === 'queued');

    it('expired: the chat goes back to the queue in its place, the user is told once, and a colleague claims it and reads it so far', async () => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      await api.log.append({ id, conversationId: 'conv-1', recordingOff: false }, 'it still says offline');
      expect(await api.abandoned.sweep()).toEqual([]); // signed in: hers to keep
      clock.advance(8 * 3600_000 + 1);
      expect(await api.abandoned.sweep()).toEqual([]); // she may be signing straight back in
      clock.advance(5 * 60_000);
      expect((await api.abandoned.sweep()).map((h) => h.id)).toEqual([id]);
      expect(await api.abandoned.sweep()).toEqual([]);
      expect(steppedAway('conv-1')).toEqual([
        { conversationId: 'conv-1', message: { text: expect.stringMatching(/^Tina had to step away, so you're back in the queue and keep your place: a technician will pick up/), handoff: { state: 'queued', ticketId: id } } },
      ]);
      expect((await api.queue.owners.get('conv-1')).value).toEqual({ owner: 'bot', handoffId: id });
      const omar = await api.login('omar');
      const waiting = (await api.call('GET', `${B}/handoffs?status=waiting`, { token: omar })).body.handoffs;
      expect(waiting).toEqual([expect.objectContaining({ id, status: 'waiting', assignedTo: null })]);
      expect((await api.call('POST', `${B}/handoffs/${id}/claim`, { token: omar })).body).toMatchObject({ status: 'assigned', assignedTo: { name: 'Omar' } });
      const chat = (await api.call('GET', `${B}/handoffs/${id}/messages?wait=0`, { token: omar })).body.messages;
      expect(chat.map((m: { from: string; text: string }) => [m.from, m.text])).toEqual([
        ['user', 'it still says offline'],
        ['system', expect.stringMatching(/^Tina's session ended with this chat open, so it went back to the queue/)],
      ]);
      const sue = await api.login('sue');
      expect((await api.call('GET', `${B}/audit?handoff=${id}`, { token: sue })).body.entries.map((e: { action: string; technicianName: string }) => [e.action, e.technicianName])).toEqual([
        ['claim', 'Tina'],
        ['requeue', 'Tina'],
        ['claim', 'Omar'],
      ]);
    });

    // The sweep put the chat back the moment the session ended: a technician signing straight back in
    // had to claim it again, and the user was told "stepped away", then "joined".
    it('expired, then signed straight back in: the chat stays hers, and the user is told nothing', async () => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      for (let hours = 0; hours < 21; hours += 7) {
        clock.advance(7 * 3600_000);
        expect((await api.call('GET', `${B}/handoffs`, { token: tina })).status).toBe(200); // busy all day
      }
      clock.advance(3 * 3600_000 + 1); // the 24-hour cap
      expect((await api.call('GET', `${B}/handoffs`, { token: tina })).status).toBe(401);
      expect(await api.abandoned.sweep()).toEqual([]);
      clock.advance(60_000);
      const again = await api.login('tina');
      clock.advance(10 * 60_000);
      expect(await api.abandoned.sweep()).toEqual([]);
      expect(await api.queue.get(id)).toMatchObject({ status: 'assigned', assignedTo: { name: 'Tina' } });
      expect((await api.call('POST', `${B}/handoffs/${id}/messages`, { token: again, body: { text: 'still here' } })).status).toBe(202);
      expect(steppedAway('conv-1')).toEqual([]);
    });

    it('signed out with her other session just expired: the chat goes back at once, the grace being for who may sign back in', async () => {
      const laptop = await api.login('tina');
      clock.advance(7 * 3600_000);
      const phone = await api.login('tina');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: phone });
      clock.advance(3600_000 + 1); // the laptop's session is 8 hours idle
      expect((await api.call('GET', `${B}/handoffs`, { token: laptop })).status).toBe(401);
      expect((await api.call('POST', `${B}/logout`, { token: phone })).status).toBe(204);
      expect(await api.queue.get(id)).toMatchObject({ status: 'waiting' });
      expect(steppedAway('conv-1')).toHaveLength(1);
    });

    it('signed out: the chat goes back at once, with no pass of the timer; signed in on another device, it stays', async () => {
      const tina = await api.login('tina');
      const laptop = await api.login('tina');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      expect((await api.call('POST', `${B}/logout`, { token: tina })).status).toBe(204);
      expect((await api.queue.get(id))?.status).toBe('assigned');
      expect(steppedAway('conv-1')).toEqual([]);
      expect((await api.call('POST', `${B}/logout`, { token: laptop })).status).toBe(204);
      expect(await api.queue.get(id)).toMatchObject({ status: 'waiting' });
      expect((await api.queue.get(id))?.assignedTo).toBeUndefined();
      expect(steppedAway('conv-1')).toHaveLength(1);
    });

    it('a call back or email ticket a technician took stays theirs: the user waits for a call, not in a chat', async () => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1, { kind: 'callback', contactFields: ['name', 'phone'] });
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      clock.advance(9 * 3600_000);
      expect(await api.abandoned.sweep()).toEqual([]);
      expect((await api.queue.get(id))?.status).toBe('assigned');
    });
  });

  describe('working a handoff', () => {
    it('lists waiting handoffs oldest first with waiting times', async () => {
      const token = await api.login('tina');
      const first = await api.queueHandoff(1);
      clock.advance(30_000);
      const second = await api.queueHandoff(2, { priority: 'high', summary: 'My account was hacked' });
      clock.advance(15_000);
      const res = await api.call('GET', `${B}/handoffs?status=waiting`, { token });
      expect(res.status).toBe(200);
      expect(res.body.handoffs).toEqual([
        expect.objectContaining({ id: first, status: 'waiting', waitingSeconds: 45, device: 'printer', summary: 'Printer says offline', assignedTo: null, createdAt: expect.any(String) }),
        expect.objectContaining({ id: second, waitingSeconds: 15, priority: 'high' }),
      ]);
      expect((await api.call('GET', `${B}/handoffs?status=lost`, { token })).status).toBe(400);
    });

    it('shows the case with personal data masked and the transcript redacted', async () => {
      const token = await api.login('tina');
      const id = await api.queueHandoff(1);
      api.contacts.set('directline:user-1', { name: 'Jane Doe', email: 'jane@example.com', phone: '+14155550123' });
      api.transcripts.set('conv-1', [{ from: 'user', text: 'my email is jane@example.com', timestamp: new Date().toISOString() }]);
      const res = await api.call('GET', `${B}/handoffs/${id}`, { token });
      expect(res.status).toBe(200);
      // Only the fields shared for this handoff (name, email): the phone in the profile stays out.
      expect(res.body.case.contact).toEqual({ name: 'J*** D***', email: 'j***@e***.com' });
      expect(res.body.case.consents).toMatchObject({ remoteAccess: false, recording: true });
      expect(res.body.transcript).toEqual([{ from: 'user', text: 'my email is [EMAIL]', timestamp: expect.any(String) }]);
      expect(JSON.stringify(res.body)).not.toContain('jane@example.com');
      expect((await api.call('GET', `${B}/handoffs/nope`, { token })).status).toBe(404);
    });

    it('claim, chat, reveal, resolve: the user is told each step and the reveal is audited', async () => {
      const tina = await api.login('tina');
      const omar = await api.login('omar');
      const sue = await api.login('sue');
      const id = await api.queueHandoff(1);
      api.contacts.set('directline:user-1', { name: 'Jane Doe', email: 'jane@example.com' });

      expect((await api.call('POST', `${B}/handoffs/${id}/messages`, { token: tina, body: { text: 'hi' } })).status).toBe(409);
      const claimed = await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      expect(claimed.status).toBe(200);
      expect(claimed.body).toMatchObject({ id, status: 'assigned', assignedTo: { name: 'Tina' } });
      expect(api.sent.at(-1)?.message).toMatchObject({ handoff: { state: 'assigned', ticketId: id }, text: expect.stringContaining('Tina') });
      expect((await api.call('POST', `${B}/handoffs/${id}/claim`, { token: omar })).status).toBe(409);

      const sent = await api.call('POST', `${B}/handoffs/${id}/messages`, { token: tina, body: { text: 'Hi, I am Tina. Is the printer on?' } });
      expect(sent.status).toBe(202);
      expect(api.sent.at(-1)).toEqual({ conversationId: 'conv-1', message: { text: 'Hi, I am Tina. Is the printer on?', technician: { id: claimed.body.assignedTo.id, name: 'Tina' } } });
      expect(api.transcripts.get('conv-1')?.at(-1)).toMatchObject({ from: 'technician', text: 'Hi, I am Tina. Is the printer on?' });
      expect((await api.call('POST', `${B}/handoffs/${id}/messages`, { token: omar, body: { text: 'me too' } })).status).toBe(409);
      expect((await api.call('POST', `${B}/handoffs/${id}/messages`, { token: tina, body: { text: '' } })).status).toBe(400);

      // The technician's own line is in the live chat (from: technician), so a reloaded console shows both directions,
      // as she typed it; a supervisor reading along gets it masked like all other free text (it may repeat a revealed field).
      const own = await api.call('GET', `${B}/handoffs/${id}/messages?wait=0`, { token: tina });
      expect(own.body.messages).toEqual([{ id: expect.any(String), from: 'technician', text: 'Hi, I am Tina. Is the printer on?', timestamp: expect.any(String) }]);
      expect((await api.call('GET', `${B}/handoffs/${id}/messages?wait=0`, { token: sue })).body.messages.map((m: { text: string }) => m.text)).toEqual(['Hi, I am [NAME]. Is the printer on?']);

      // The long-poll answers when the user writes, well within 2 s.
      const started = Date.now();
      const poll = api.call('GET', `${B}/handoffs/${id}/messages?after=${own.body.cursor}&wait=10`, { token: tina });
      setTimeout(() => void api.log.append({ id, conversationId: 'conv-1', recordingOff: false }, 'Yes, it is on'), 200);
      const page = await poll;
      expect(page.status).toBe(200);
      expect(page.body.messages).toEqual([{ id: expect.any(String), from: 'user', text: 'Yes, it is on', timestamp: expect.any(String) }]);
      expect(Date.now() - started).toBeLessThan(2000);
      const next = await api.call('GET', `${B}/handoffs/${id}/messages?after=${page.body.cursor}&wait=0`, { token: tina });
      expect(next.body).toEqual({ messages: [], cursor: page.body.cursor });

      expect((await api.call('POST', `${B}/handoffs/${id}/reveal`, { token: omar, body: { field: 'email' } })).status).toBe(403);
      expect((await api.call('POST', `${B}/handoffs/${id}/reveal`, { token: tina, body: { field: 'password' } })).status).toBe(400);
      const revealed = await api.call('POST', `${B}/handoffs/${id}/reveal`, { token: tina, body: { field: 'email' } });
      expect(revealed).toMatchObject({ status: 200, body: { value: 'jane@example.com' } });
      // The user shared no phone number for this handoff: nothing to reveal, and no reveal in the audit log (below).
      expect(await api.call('POST', `${B}/handoffs/${id}/reveal`, { token: tina, body: { field: 'phone' } })).toMatchObject({ status: 200, body: { value: null } });
      const auditLog = await api.call('GET', `${B}/audit?handoff=${id}`, { token: sue });
      expect(auditLog.body.entries).toEqual([
        expect.objectContaining({ action: 'claim', technicianName: 'Tina', handoffId: id }),
        expect.objectContaining({ action: 'reveal', field: 'email', technicianName: 'Tina', handoffId: id, at: expect.any(String) }),
      ]);

      expect((await api.call('POST', `${B}/handoffs/${id}/resolve`, { token: tina, body: {} })).status).toBe(400);
      const resolved = await api.call('POST', `${B}/handoffs/${id}/resolve`, { token: tina, body: { resolution: 'Printer was off' } });
      expect(resolved).toMatchObject({ status: 200, body: { status: 'ended', outcome: 'resolved' } });
      expect(api.sent.at(-1)?.message).toMatchObject({ expects: 'rating', suggestions: ['1', '2', '3', '4', '5'], handoff: { state: 'ended', ticketId: id } });
      expect((await api.call('POST', `${B}/handoffs/${id}/messages`, { token: tina, body: { text: 'hello?' } })).status).toBe(409);
      expect((await api.call('GET', `${B}/handoffs?status=ended`, { token: tina })).body.handoffs.map((h: { id: string }) => h.id)).toEqual([id]);
    });

    it('release hands the conversation back to the bot, which tells the user', async () => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      const released = await api.call('POST', `${B}/handoffs/${id}/release`, { token: tina, body: { note: 'billing question' } });
      expect(released).toMatchObject({ status: 200, body: { status: 'ended', outcome: 'released' } });
      expect(api.sent.at(-1)?.message).toMatchObject({ handoff: { state: 'ended' }, text: expect.stringContaining("I'm back") });
      expect((await api.queue.owners.get('conv-1')).value.owner).toBe('bot');
    });

    // A technician who went to lunch (or home) holding a handoff left its user relaying to nobody.
    it('a supervisor can release a handoff another technician holds; another technician cannot', async () => {
      const tina = await api.login('tina');
      const omar = await api.login('omar');
      const sue = await api.login('sue');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      expect(await api.call('POST', `${B}/handoffs/${id}/release`, { token: omar, body: {} })).toMatchObject({ status: 409, body: { error: { code: 'not_holder' } } });
      const released = await api.call('POST', `${B}/handoffs/${id}/release`, { token: sue, body: { note: 'Tina is away' } });
      expect(released).toMatchObject({ status: 200, body: { status: 'ended', outcome: 'released', releaseNote: 'Tina is away' } });
      expect(api.sent.at(-1)?.message).toMatchObject({ handoff: { state: 'ended' }, text: expect.stringMatching(/^Sue has handed the conversation back to me/) });
      expect((await api.queue.owners.get('conv-1')).value.owner).toBe('bot');
      expect((await api.call('GET', `${B}/audit?handoff=${id}`, { token: sue })).body.entries).toContainEqual(expect.objectContaining({ action: 'release', technicianName: 'Sue' }));
    });

    // "claim it first" sent a technician to a claim that could only fail: another one holds the ticket.
    it('a reply, resolve or chat read on a handoff another technician holds says who holds it; a waiting one says to claim it', async () => {
      const tina = await api.login('tina');
      const omar = await api.login('omar');
      const waiting = await api.queueHandoff(2);
      expect(await api.call('POST', `${B}/handoffs/${waiting}/messages`, { token: omar, body: { text: 'hi' } })).toMatchObject({ status: 409, body: { error: { code: 'not_holder', message: 'You do not hold this handoff; claim it first.' } } });
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      const held = { status: 409, body: { error: { code: 'not_holder', message: 'Tina holds this handoff; only the technician holding it can do this.' } } };
      expect(await api.call('POST', `${B}/handoffs/${id}/messages`, { token: omar, body: { text: 'hi' } })).toMatchObject(held);
      expect(await api.call('GET', `${B}/handoffs/${id}/messages?wait=0`, { token: omar })).toMatchObject(held);
      expect(await api.call('POST', `${B}/handoffs/${id}/resolve`, { token: omar, body: { resolution: 'done' } })).toMatchObject(held);
    });

    it('an ended handoff shows what its technician wrote when ending it, with personal data masked, to whoever opens it next', async () => {
      const tina = await api.login('tina');
      const omar = await api.login('omar');
      const released = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${released}/claim`, { token: tina });
      await api.call('POST', `${B}/handoffs/${released}/release`, { token: tina, body: { note: 'Billing question; she is at jane@example.com' } });
      expect((await api.call('GET', `${B}/handoffs/${released}`, { token: omar })).body).toMatchObject({ releaseNote: 'Billing question; she is at [EMAIL]', resolution: null });
      const resolved = await api.queueHandoff(2);
      await api.call('POST', `${B}/handoffs/${resolved}/claim`, { token: tina });
      await api.call('POST', `${B}/handoffs/${resolved}/resolve`, { token: tina, body: { resolution: 'Replaced the toner' } });
      expect((await api.call('GET', `${B}/handoffs/${resolved}`, { token: omar })).body).toMatchObject({ resolution: 'Replaced the toner', releaseNote: null });
    });

    it("a technician's reply reaches the user without control characters (tab and newline kept) and with a lone surrogate as U+FFFD; one of nothing else is a 400", async () => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      for (const [typed, asSent] of [['a\u0000b', 'ab'], ['a\ud800b', 'a\ufffdb'], ['a\udc00b\u001b[31m', 'a\ufffdb[31m'], ['line 1\n\tline 2\u0007', 'line 1\n\tline 2'], ['ok \ud83d\ude00', 'ok \ud83d\ude00']]) {
        expect((await api.call('POST', `${B}/handoffs/${id}/messages`, { token: tina, body: { text: typed } })).status).toBe(202);
        expect(api.sent.at(-1)?.message.text).toBe(asSent);
      }
      const empty = await api.call('POST', `${B}/handoffs/${id}/messages`, { token: tina, body: { text: '\u0000\u0001 ' } });
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toBe('text: text must not be empty');
    });

    it('a release note or resolution is kept without control characters, as a reply is; a resolution of nothing else is a 400', async () => {
      const tina = await api.login('tina');
      const released = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${released}/claim`, { token: tina });
      await api.call('POST', `${B}/handoffs/${released}/release`, { token: tina, body: { note: 'billing\u0000 question\u001b[31m\n\tsee a\ud800b' } });
      expect((await api.call('GET', `${B}/handoffs/${released}`, { token: tina })).body.releaseNote).toBe('billing question[31m\n\tsee a\ufffdb');
      const resolved = await api.queueHandoff(2);
      await api.call('POST', `${B}/handoffs/${resolved}/claim`, { token: tina });
      const empty = await api.call('POST', `${B}/handoffs/${resolved}/resolve`, { token: tina, body: { resolution: '\u0000\u0007 ' } });
      expect(empty).toMatchObject({ status: 400, body: { error: { message: 'resolution: resolution must not be empty' } } });
      await api.call('POST', `${B}/handoffs/${resolved}/resolve`, { token: tina, body: { resolution: 'Replaced\u0008 the toner\u007f' } });
      expect((await api.call('GET', `${B}/handoffs/${resolved}`, { token: tina })).body.resolution).toBe('Replaced the toner');
    });

    it("a technician's reply reaches the user as typed, but a secret pasted into it reaches no one and is stored nowhere", async () => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      const typed = 'I am Tina, call me on +1 212 555 0123. Your temporary password is Winter2026!x';
      const asSent = 'I am Tina, call me on +1 212 555 0123. Your temporary password is [removed]';
      expect((await api.call('POST', `${B}/handoffs/${id}/messages`, { token: tina, body: { text: typed } })).status).toBe(202);
      expect(api.sent.at(-1)?.message.text).toBe(asSent);
      expect((await api.log.after({ id, conversationId: 'conv-1', recordingOff: false })).messages.map((m) => m.text)).toEqual([asSent]);
      expect(api.transcripts.get('conv-1')?.map((e) => e.text)).toEqual([asSent]);
      // Her console shows the line as the user got it, the removal included.
      expect((await api.call('GET', `${B}/handoffs/${id}/messages?wait=0`, { token: tina })).body.messages.map((m: { text: string }) => m.text)).toEqual([asSent]);
    });

    it("a reply to a chat that can no longer be reached (erased or expired) is a clear 410, not a 500; the handoff can still be resolved", async () => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      api.unreachable.add('conv-1');
      const reply = await api.call('POST', `${B}/handoffs/${id}/messages`, { token: tina, body: { text: 'are you there?' } });
      expect(reply).toMatchObject({ status: 410, body: { error: { code: 'unreachable', message: expect.stringMatching(/resolve or release/) } } });
      expect(api.transcripts.get('conv-1') ?? []).toEqual([]); // nothing recorded as said to the user
      expect((await api.call('POST', `${B}/handoffs/${id}/resolve`, { token: tina, body: { resolution: 'user gone' } })).body).toMatchObject({ status: 'ended' });
    });

    it('the technician who held an ended handoff still reads what the user wrote before it ended; others do not', async () => {
      const tina = await api.login('tina');
      const omar = await api.login('omar');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      const seen = await api.call('GET', `${B}/handoffs/${id}/messages?wait=0`, { token: tina });
      // Written while she was typing her resolution: her console had not fetched it yet.
      await api.log.append({ id, conversationId: 'conv-1', recordingOff: false }, 'Wait, it is blinking now');
      await api.call('POST', `${B}/handoffs/${id}/resolve`, { token: tina, body: { resolution: 'Printer was off' } });
      const started = Date.now();
      const late = await api.call('GET', `${B}/handoffs/${id}/messages?after=${seen.body.cursor}&wait=10`, { token: tina });
      expect(late).toMatchObject({ status: 200, body: { messages: [{ from: 'user', text: 'Wait, it is blinking now' }] } });
      // Nothing more can come after the end: an ended handoff answers at once, not after a long-poll.
      expect((await api.call('GET', `${B}/handoffs/${id}/messages?after=${late.body.cursor}&wait=10`, { token: tina })).body.messages).toEqual([]);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await api.call('GET', `${B}/handoffs/${id}/messages`, { token: omar })).toMatchObject({ status: 409, body: { error: { code: 'ended' } } });
    });

    // A cursor past the end answered 200 with nothing, and kept: the messages written up to it were then never shown.
    it('a chat read at its end is an empty list; a cursor no answer gave (past the end, or not ten digits) is a 400 invalid_request saying what to give instead', async () => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      await api.log.append({ id, conversationId: 'conv-1', recordingOff: false }, 'hello?');
      const read = await api.call('GET', `${B}/handoffs/${id}/messages?wait=0`, { token: tina });
      expect(read.body).toEqual({ messages: [expect.objectContaining({ text: 'hello?' })], cursor: '0000000001' });
      expect((await api.call('GET', `${B}/handoffs/${id}/messages?after=0000000001&wait=0`, { token: tina })).body).toEqual({ messages: [], cursor: '0000000001' });
      expect((await api.call('GET', `${B}/handoffs/${id}/messages?after=0000000000&wait=0`, { token: tina })).body.messages).toHaveLength(1);
      const started = Date.now();
      const past = await api.call('GET', `${B}/handoffs/${id}/messages?after=0000000007&wait=10`, { token: tina });
      expect(past).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: 'after: the chat of this handoff has no message 0000000007; give the cursor of an earlier answer, or none to read the chat from its start' } } });
      expect(Date.now() - started).toBeLessThan(2000); // refused at once, not after a long-poll
      for (const malformed of ['1', '00000000001', 'abc', '']) {
        const res = await api.call('GET', `${B}/handoffs/${id}/messages?after=${malformed}&wait=0`, { token: tina });
        expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: 'after: give the cursor of an earlier answer, or none to read the chat from its start' } } });
      }
    });

    it.each(['release', 'resolve'])('%s of an unrecorded handoff answers with what the user wrote since the given cursor, then keeps nothing (P8)', async (action) => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1, { recordingOff: true });
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      await api.log.append({ id, conversationId: 'conv-1', recordingOff: true }, 'my printer is a P-100');
      const seen = await api.call('GET', `${B}/handoffs/${id}/messages?wait=0`, { token: tina });
      await api.log.append({ id, conversationId: 'conv-1', recordingOff: true }, 'oh and my email is jane@example.com');
      const body = action === 'release' ? { note: 'later', after: seen.body.cursor } : { resolution: 'done', after: seen.body.cursor };
      const ended = await api.call('POST', `${B}/handoffs/${id}/${action}`, { token: tina, body });
      expect(ended).toMatchObject({ status: 200, body: { status: 'ended', messages: [{ from: 'user', text: 'oh and my email is [EMAIL]' }], cursor: expect.any(String) } });
      expect(ended.body.messages).toHaveLength(1);
      expect(await api.call('GET', `${B}/handoffs/${id}/messages`, { token: tina })).toMatchObject({ status: 200, body: { messages: [] } });
      expect((await api.call('POST', `${B}/handoffs/${id}/${action}`, { token: tina, body: { ...body, after: 'x' } })).status).toBe(400);
    });

    it.each([
      ['/handoffs?status=waiting&status=assigned', 'status'],
      ['/handoffs/ID/messages?after=1&after=2', 'after'],
      ['/handoffs/ID/messages?wait=0&wait=1', 'wait'],
      ['/audit?handoff=a&handoff=b', 'handoff'],
    ])('a repeated query parameter (%s) is a 400 naming it, not its last value', async (path, name) => {
      const sue = await api.login('sue');
      const id = await api.queueHandoff(1);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: sue });
      const res = await api.call('GET', B + path.replace('ID', id), { token: sue });
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining(name) } } });
      expect(res.body.error.message).toMatch(/repeated/);
    });

    it('an unrecorded handoff shows no transcript and keeps no chat after it ends (P8)', async () => {
      const tina = await api.login('tina');
      const id = await api.queueHandoff(1, { recordingOff: true });
      api.transcripts.set('conv-1', [{ from: 'user', text: 'old', timestamp: new Date().toISOString() }]);
      await api.call('POST', `${B}/handoffs/${id}/claim`, { token: tina });
      await api.log.append({ id, conversationId: 'conv-1', recordingOff: true }, 'private words');
      await api.call('POST', `${B}/handoffs/${id}/messages`, { token: tina, body: { text: 'reply' } });
      const detail = await api.call('GET', `${B}/handoffs/${id}`, { token: tina });
      expect(detail.body.transcript).toEqual([]);
      expect(detail.body.case.consents.recording).toBe(false);
      expect(api.transcripts.get('conv-1')).toHaveLength(1); // the technician's reply was not recorded
      await api.call('POST', `${B}/handoffs/${id}/resolve`, { token: tina, body: { resolution: 'done' } });
      expect(await api.log.after({ id, conversationId: 'conv-1', recordingOff: true })).toMatchObject({ messages: [] });
    });
  });
});
