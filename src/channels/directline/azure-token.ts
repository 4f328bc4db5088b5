import { z } from 'zod';
import { HttpError } from '../../server/http-errors';

export const AZURE_DIRECT_LINE_DOMAIN = 'https://directline.botframework.com/v3/directline';

const azureTokenSchema = z.object({ conversationId: z.string().min(1), token: z.string().min(1), expires_in: z.number().optional() });

/**
 * Exchanges the Direct Line secret (which must never reach a browser) for a token scoped to one
 * new conversation, as Azure's documentation prescribes for web pages.
 */
export async function generateAzureToken(
  secret: string,
  user: { id: string; name?: string },
  fetchImpl: typeof fetch = fetch,
): Promise<{ token: string; conversationId: string; domain: string; expiresIn?: number }> {
  let response: Response;
  try {
    response = await fetchImpl(`${AZURE_DIRECT_LINE_DOMAIN}/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new HttpError(502, 'directline_unreachable', 'The chat service could not be reached. Please try again shortly.');
  }
  if (!response.ok) throw new HttpError(502, 'directline_refused', 'The chat service refused to start a conversation. Please try again shortly.');
  const parsed = azureTokenSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new HttpError(502, 'directline_bad_answer', 'The chat service gave an unexpected answer.');
  return { token: parsed.data.token, conversationId: parsed.data.conversationId, domain: AZURE_DIRECT_LINE_DOMAIN, expiresIn: parsed.data.expires_in };
}
