import fc from 'fast-check';

/** Text as people and attackers send it: any code point (lone surrogates too), emoji clusters, control characters. */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '\ud800', '%00', '../../etc/passwd', '<script>alert(1)</script>', '{{7*7}}', "'; DROP TABLE records; --", '__proto__'),
);

/** From a little over a limit to well over it: text limits (10,000) and the body limit (256 KB). */
export const hugeText = fc.integer({ min: 9_990, max: 300_000 }).map((n) => 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n - Math.floor(n / 2)));

/** JSON nested deeper than any handler expects. */
export const deepJson = fc.integer({ min: 50, max: 20_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Inserts prototype-pollution keys into a JSON text at random object openings (JSON.stringify could not produce them). */
export function withPollution(json: string, seed: number): string {
  let n = 0;
  return json.replace(/\{/g, (brace) => ((seed >> n++ % 16) & 1 ? `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},` : brace)).replace(/,\}/g, '}');
}

const account = fc.oneof(
  fc.record({ id: fc.oneof(anyText, fc.constant('fuzz-user')), name: fc.option(anyText, { nil: undefined }), role: fc.option(fc.constantFrom('user', 'bot', 'skill'), { nil: undefined }), aadObjectId: fc.option(anyText, { nil: undefined }) }, { requiredKeys: ['id'] }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Bot Framework activity shapes, valid and not: every field optional, types mixed. */
export const activityShape = fc.record(
  {
    type: fc.oneof(fc.constantFrom('message', 'conversationUpdate', 'event', 'invoke', 'typing', 'endOfConversation', 'messageReaction', 'installationUpdate', 'handoff'), anyText),
    text: fc.oneof(anyText, hugeText, fc.jsonValue({ maxDepth: 2 })),
    from: account,
    recipient: account,
    conversation: fc.oneof(fc.record({ id: fc.oneof(anyText, fc.constant('fuzz-conversation')), isGroup: fc.boolean(), tenantId: anyText }, { requiredKeys: ['id'] }), fc.jsonValue({ maxDepth: 2 })),
    channelId: fc.oneof(fc.constantFrom('msteams', 'webchat', 'directline', 'emulator', 'test'), anyText),
    // Only loopback service URLs (a closed port), so replies cannot leave the machine.
    serviceUrl: fc.constantFrom('http://127.0.0.1:9/', 'not a url', ''),
    deliveryMode: fc.oneof(fc.constant('expectReplies'), fc.constantFrom('normal', 'notification', 'ephemeral'), anyText),
    id: anyText,
    name: fc.oneof(fc.constantFrom('handoff.status', 'webchat/join', 'privacy.gpc', 'helpline.gpc'), anyText),
    value: fc.jsonValue({ maxDepth: 4 }),
    channelData: fc.jsonValue({ maxDepth: 4 }),
    attachments: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }),
    entities: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }),
    membersAdded: fc.array(account, { maxLength: 3 }),
    locale: anyText,
    timestamp: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anyText),
  },
  { requiredKeys: [] },
);

/** A request body: JSON of a shape (sometimes with pollution keys), deep JSON, or text that is not JSON. */
export function bodyFrom<T>(shape: fc.Arbitrary<T>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: shape.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: fc.tuple(shape, fc.integer()).map(([v, seed]) => withPollution(JSON.stringify(v) ?? '{}', seed)) },
    { weight: 1, arbitrary: deepJson },
    { weight: 1, arbitrary: anyText },
  );
}

export const anyHeaderValue = fc.oneof(
  fc.constant(undefined),
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/= '.split('')), maxLength: 400 }).map((s) => `Bearer ${s}`),
  fc.constantFrom('Bearer', 'Basic YWRtaW46YWRtaW4=', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', `Bearer ${'A'.repeat(43)}`),
);

/** Percent-encodes anything, lone surrogates included (as the invalid UTF-8 %ED%A0%80, as a hostile client would). */
export function encodeAny(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    out += cp >= 0xd800 && cp <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(ch);
  }
  return out;
}

/** A path segment as a client might send it: encoded text, raw dots, broken percent-encodings. */
export const pathSegment = fc.oneof(
  anyText.map((s) => encodeAny(s).slice(0, 300)),
  fc.constantFrom('..', '.', '%2e%2e', '%2E%2E%2F', '%', '%E0%A4%A', '%zz', '%00', '..%2f..%2fpackage.json', 'a'.repeat(2000)),
  fc.stringMatching(/^[a-z0-9-]{1,64}$/),
);

/** Activities a channel could really send (valid core fields), with random text, extras and shapes around them: these reach the bot's logic. */
export const plausibleActivity = fc
  .tuple(
    activityShape,
    fc.oneof(anyText, fc.constantFrom('my printer says offline', 'talk to a technician', 'stop sending me marketing emails', 'delete my data', 'hi', 'Still offline', 'my card is 4111 1111 1111 1111')),
    fc.constantFrom('message', 'message', 'message', 'conversationUpdate', 'event'),
    fc.integer({ min: 0, max: 20 }),
  )
  .map(([extra, text, type, n]) => ({
    ...extra,
    type,
    text,
    from: { id: `fuzz-user-${n}`, name: 'Fuzz' },
    recipient: { id: 'helpline-bot' },
    conversation: { id: `fuzz-conversation-${n}` },
    channelId: 'fuzz',
    deliveryMode: 'expectReplies',
    serviceUrl: undefined,
  }));

/** What a Direct Line client (Web Chat) posts: its own small schema, random content inside it. */
export const plausibleDirectLineActivity = fc.record(
  {
    type: fc.constantFrom('message', 'message', 'event', 'typing', 'endOfConversation'),
    text: fc.oneof(anyText, fc.constantFrom('my printer says offline', 'talk to a technician', 'delete my data', 'hi')),
    locale: fc.constantFrom('en-US', 'de-DE', 'xx'),
    name: fc.oneof(fc.constantFrom('webchat/join', 'privacy.gpc', 'helpline.gpc'), anyText.filter((t) => t.length > 0 && t.length < 200)),
    value: fc.jsonValue({ maxDepth: 4 }),
    channelData: fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
    from: fc.record({ id: fc.string({ maxLength: 40 }), name: fc.string({ maxLength: 40 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['type'] },
);
