import { z } from 'zod';
import { MAX_TEXT_CHARS } from '../../server/activity-schema';

// Ids the server makes start with this (as Azure's do); a client may not claim one.
export const SERVER_USER_ID_PREFIX = 'dl_';

const clientUserId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'may only contain letters, digits, "_" and "-" (at most 64)')
  .refine((id) => !id.startsWith(SERVER_USER_ID_PREFIX), { message: `may not start with "${SERVER_USER_ID_PREFIX}"` });
const displayName = z.string().trim().min(1).max(100);

/** Body of POST /tokens/generate and POST /api/directline/token (both optional). */
export const tokenRequestSchema = z
  .object({ user: z.object({ id: clientUserId.optional(), name: displayName.optional() }).optional() })
  .passthrough();

/** Body of POST /conversations: DirectLineJS sends { user, locale }; the token decides who the user is. */
export const startConversationSchema = z.object({ locale: z.string().max(20).optional() }).passthrough();

const jsonObject = z.record(z.unknown());

/**
 * What a client may post as an activity. Fields that say where the activity comes from or goes
 * to (from.id, recipient, conversation, channelId, serviceUrl, id, timestamp) are set by the
 * server, so they are not taken from the client at all.
 */
export const clientActivitySchema = z
  .object({
    // endOfConversation: the widget's page closed with a conversation no one can come back to.
    type: z.enum(['message', 'event', 'typing', 'endOfConversation']),
    text: z.string().max(MAX_TEXT_CHARS, `must be at most ${MAX_TEXT_CHARS} characters`).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z.string().max(20).optional(),
    localTimestamp: z.string().max(64).optional(),
    localTimezone: z.string().max(64).optional(),
    name: z.string().min(1).max(256).optional(),
    value: z.unknown().optional(),
    channelData: jsonObject.optional(),
    attachments: z
      .array(
        z.object({
          contentType: z.string().min(1).max(256),
          contentUrl: z.string().url().max(2048).optional(),
          content: z.unknown().optional(),
          name: z.string().max(256).optional(),
          thumbnailUrl: z.string().url().max(2048).optional(),
        }),
      )
      .max(10)
      .optional(),
    entities: z.array(jsonObject).max(20).optional(),
    replyToId: z.string().max(1024).optional(),
    from: z.object({ id: z.string().max(256).optional(), name: z.string().max(100).optional() }).passthrough().optional(),
  })
  .refine((a) => a.type !== 'event' || a.name !== undefined, { message: 'an event needs a name', path: ['name'] });

export type ClientActivity = z.infer<typeof clientActivitySchema>;

/** What the bot sends through the Bot Connector API; the bot is trusted, so unknown fields pass through. */
export const botActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    text: z.string().optional(),
    from: z.object({ id: z.string(), name: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

/** `?watermark=`: empty or absent means "from the start". */
export const watermarkSchema = z
  .union([z.literal(''), z.string().regex(/^\d{1,15}$/, 'must be a whole number')])
  .optional()
  .transform((w) => (w === undefined || w === '' ? undefined : Number(w)));

/** Conversation ids the server makes; anything else in a URL is refused before it reaches the store. */
export const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a conversation id');

/** The one-line reason a body was refused, naming the field. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'is invalid'}`;
}
