import type { TurnContext } from 'botbuilder';
import type { Classification } from '../services/nlu/router';

// The bot classifies each message once, before dialogs run; dialogs read it from turn state
// instead of classifying again.
const KEY = Symbol('helpline.classification');

export function setClassification(context: TurnContext, classification: Classification | undefined): void {
  context.turnState.set(KEY, classification);
}

export function getClassification(context: TurnContext): Classification | undefined {
  return context.turnState.get(KEY) as Classification | undefined;
}
