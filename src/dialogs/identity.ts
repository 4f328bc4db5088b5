import type { Activity, TurnContext } from 'botbuilder';

/**
 * The stored user id: a signed-in Teams user is their Entra object id (stable across chats);
 * anyone else is their channel account. User-centred records are partitioned by this id.
 */
export function userIdOf(activity: Partial<Activity>): string {
  const aad = activity.from?.aadObjectId;
  if (activity.channelId === 'msteams' && aad) return `aad:${aad}`;
  return `${activity.channelId ?? 'unknown'}:${activity.from?.id ?? 'anonymous'}`;
}

/** True when the channel itself vouches for who the user is (Teams sign-in), so no code is needed for their own record. */
export function isChannelVerified(activity: Partial<Activity>): boolean {
  return activity.channelId === 'msteams' && Boolean(activity.from?.aadObjectId);
}

export const conversationIdOf = (context: TurnContext): string => context.activity.conversation.id;
