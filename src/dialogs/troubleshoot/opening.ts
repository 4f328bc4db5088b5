// What the first message of a problem leads to: a guide started, a pick between guides, a question
// (which device, which account), damage advice or no guide. Plain, so the flow-selection eval
// (test/eval/flows-eval.ts) measures exactly what the dialog does.

import type { Device } from '../../services/nlu/labels';
import type { Classification } from '../../services/nlu/router';
import { losesSignInPhone } from '../../services/nlu/lost-sign-in-phone';
import { asksAboutSafety, physicalDamageIn, type Damage } from '../../services/nlu/damage';
import type { FlowCatalog } from '../../services/troubleshooting/flow-loader';
import { closeMatches, kindNotCovered, SAYS_NOT_WHAT_IS_WRONG, type FlowMatch } from '../../services/troubleshooting/flow-selection';
import { CLEAR_GUIDE_SCORE, guidesFor } from './change-of-subject';

/** An account named ("my account"); with no service named the router's device is none. */
const NAMES_AN_ACCOUNT = /\baccounts?\b/i;
// Five, the best fits: a longer pick is hard to read. The others that fit are not dropped:
// "Something else" offers them next.
export const MAX_GUIDES_OFFERED = 5;

export type Opening =
  /** Liquid or broken glass: safe first steps and a technician, no guide. */
  | { kind: 'damage'; damage: Damage }
  /** A danger asked about ("can a laptop battery catch fire?"): the answer, then the guides that clearly fit (maybe none) or a technician. */
  | { kind: 'safety'; matches: FlowMatch[] }
  /** Which device it is: `among` the kinds a maker named makes, or any. */
  | { kind: 'device'; among?: Exclude<Device, 'none'>[] }
  /** Which account: only email accounts have guides. */
  | { kind: 'account' }
  /** No guide fits (`kind`: the kind of device no guide is for, "Mac"); a technician is offered. */
  | { kind: 'none'; notCovered?: string }
  /** One guide to start, or several to pick from, best first; `more`, the others that fit, offered after "Something else". */
  | { kind: 'guides'; matches: FlowMatch[]; more: FlowMatch[] };

export function openingFor(catalog: FlowCatalog, c: Classification | undefined): Opening {
  if (!c) return { kind: 'none' };
  const damage = physicalDamageIn(c.text);
  if (damage) return { kind: 'damage', damage };
  // Only guides sure to fit: the question may be asked with nothing wrong at all.
  if (asksAboutSafety(c.text)) return { kind: 'safety', matches: closeMatches(guidesFor(catalog, c).filter((m) => m.score >= CLEAR_GUIDE_SCORE)).slice(0, MAX_GUIDES_OFFERED) };
  // "its an hp": a maker of printers and computers, so the device is one of those; the user says which.
  if (c.device === 'none' && c.deviceAmong) return { kind: 'device', among: c.deviceAmong };
  // "it's broken", "something is wrong": nothing says which guide (guides that share "wrong"
  // with "wrong password" are no fit), not that none fits. The device narrows it to its family's.
  if (c.device === 'none' && c.symptoms.every((w) => SAYS_NOT_WHAT_IS_WRONG.has(w))) return { kind: 'device' };
  // "i need help with my account": an email account has guides here, but so many other things
  // have accounts (a phone's Apple ID, a plan with us) that a service named is needed to assume one.
  // So is the phone the sign-in codes go to, lost ("i lost the phone my codes go to").
  if (c.device === 'none' && !c.security && (NAMES_AN_ACCOUNT.test(c.text) || losesSignInPhone(c.text))) return { kind: 'account' };
  const matches = guidesFor(catalog, c);
  // "my macbook keeps crashing": the Windows PC's guide is not for a Mac, and no Mac guide fits.
  if (matches.length === 0) return { kind: 'none', notCovered: kindNotCovered(catalog, c.text) };
  const close = closeMatches(matches);
  // Never cut inside a tie: "my phone is broken" fits all eight phone guides alike, and offering
  // five of them first would go by file order, not by fit (leaving "won't charge" for later).
  let cut = Math.min(MAX_GUIDES_OFFERED, close.length);
  while (cut < close.length && close[cut].score === close[cut - 1].score) cut++;
  return { kind: 'guides', matches: close.slice(0, cut), more: close.slice(cut) };
}
