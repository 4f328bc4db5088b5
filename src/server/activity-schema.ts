import { ActivityTypes } from 'botbuilder';
import { z } from 'zod';

export const MAX_TEXT_CHARS = 10_000;
const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));

const account = z.object({ id: z.string().min(1).max(2048), name: z.string().max(1024).optional() }).passthrough();

/** The shape /api/messages accepts; the Bot Framework fields Helpline relies on are checked, others pass through. */
export const incomingActivitySchema = z
  .object({
    type: z.string().refine((t) => KNOWN_TYPES.has(t), { message: 'is not a Bot Framework activity type' }),
    id: z.string().max(1024).optional(),
    channelId: z.string().min(1).max(256).optional(),
    serviceUrl: z.string().url().max(2048).optional(),
    from: account,
    recipient: account.optional(),
    conversation: z.object({ id: z.string().min(1).max(4096) }).passthrough(),
    text: z.string().max(MAX_TEXT_CHARS, `must be at most ${MAX_TEXT_CHARS} characters`).optional(),
    deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
    name: z.string().max(256).optional(),
  })
  .passthrough()
  .refine((a) => a.serviceUrl !== undefined || a.deliveryMode === 'expectReplies', {
    message: 'serviceUrl is required unless deliveryMode is expectReplies',
    path: ['serviceUrl'],
  });

/** A one-line description of why an activity was refused, naming the field. */
export function describeActivityError(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue.path.join('.') || 'body';
  return `${field}: ${issue.message}`;
}
