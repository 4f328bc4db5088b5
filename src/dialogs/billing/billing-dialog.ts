import {
  ConfirmPrompt,
  Dialog,
  type DialogContext,
  type DialogInstance,
  DialogReason,
  DialogTurnStatus,
  ListStyle,
  WaterfallDialog,
  type DateTimeResolution,
  type DialogTurnResult,
  type Choice,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt } from '../shared/choice-prompt';
import type { BillingRules, Plan } from '../../services/billing/plans-schema';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { billingTopic, cancelsThePlan, changesPlanInstead, explainCancellation, explainCharge, explainHelpCost, explainPlan, explainPlanValue, explainPlans, explainRefundPolicy, onePlanNamed, planMentioned, takesAPlan, type BillingTopic } from '../../services/billing/billing-answers';
import { forNextMessage, justSaid, type ConversationData } from '../conversation-data';
import { refundEligibility, type Eligibility, type RefundFacts } from '../../services/billing/refund-eligibility';
import type { CaseRecord, CaseStore } from '../../services/cases/case-store';
import type { Classification } from '../../services/nlu/router';
import type { Intent } from '../../services/nlu/labels';
import { isChannelVerified, userIdOf } from '../identity';
import { clearYesOrNo } from '../shared/clear-answer';
import { firstDate, PastDatePrompt } from '../shared/past-date-prompt';
import { ask, choicePrompt, message, yesNoPrompt } from '../wire';
import { FeatureDialog } from '../shared/feature-dialog';
import { innerStack, repromptInnermost } from '../open-question';
import { isQuestion } from '../../services/nlu/question';
import { unsureOf } from '../../services/nlu/not-knowing';
import { mendSlips } from '../../services/nlu/spelling';
import { namesAPerson } from '../../services/nlu/person-request';
import { getClassification, SURE_CONFIDENCE, UNMISTAKABLE } from '../classification';

export const BILLING_DIALOG = 'billing';
const PLAN = 'billing.plan';
const DATE = 'billing.date';
const CONFIRM = 'billing.confirm';
const WHAT_TO_CANCEL = 'billing.whatToCancel';
const MY_SUBSCRIPTION: Choice = { value: 'My subscription', synonyms: ['subscription', 'my plan', 'the plan', 'plan', 'membership', 'my membership', 'the subscription', 'yes'] };
const SOMETHING_ELSE: Choice = { value: 'Something else', synonyms: ['other', 'something different', 'no'] };
// "i want to cancel", "can i cancel please": a cancellation that names nothing it cancels.
const CANCELS_NOTHING_NAMED = /^(?:(?:i|we)(?:'d| would)? (?:want|wanna|need|like)(?: to)?|(?:can|could|may) (?:i|we)|i'?d like to|please)?\s*cancel+(?: (?:please|pls|now|asap))?[\s.!?]*$/i;

export interface BillingDialogOptions {
  rules: BillingRules;
  paymentPageUrl: string;
  cases: CaseStore;
  now?: () => number;
  /** Where the plans an answer listed, and the one its message named, are kept for the next message ("switch to that one"). */
  conversationData?: StatePropertyAccessor<ConversationData>;
}

/** The dialog's options when a message takes a plan the last answer listed (see planTaken). */
interface PlanTaken {
  classification: Classification;
  /** The plans listed, and the one the message before named, if it named one; none for a question about them. */
  listed?: { named?: string };
  /** A question about the plans listed ("is it worth it?"), and the one the message before named: what "it" is. */
  asked?: { named?: string };
  /** "i want to cancel it": the user's own plan, cancelled; not a plan taken. */
  cancels?: boolean;
}

interface BillingState {
  topic: BillingTopic;
  /** A refund's case, opened once its plan is known, whose notes keep the answers so far (refundProgressSchema). */
  caseId?: string;
  text: string;
  /** The router's typo-corrected words of the message ("refnd" is "refund"), read where the typed ones say nothing. */
  corrected?: string;
  plan?: Plan;
  startDate?: string;
  resolved?: boolean;
  prerequisitesMet?: boolean;
  lastWorkedOn?: string;
  outOfScope?: boolean;
  resolvedIssueDates?: string[];
  /** "i want to cancel" was asked what it cancels (WHAT_TO_CANCEL). */
  askedWhatToCancel?: boolean;
}

// Questions back at a refund question ("how long is the refund window?", "whats the difference
// between them?"): answered from the rules, then the question is asked again.
const REFUND_RULES_ASKED = /\brefund\w*\b.*\b(?:window|polic(?:y|ies)|rules?|terms|how long|days)\b|\b(?:how long|how many days)\b.*\brefund/i;
const PLANS_ASKED = /\b(?:difference|compare|how much|cost|price|what (?:plans|are (?:the|your) plans)|which plans)\b/i;

const yes = (question: string) => yesNoPrompt(question, `Please answer yes or no. ${question}`);

const NOT_SURE = "I'm not sure";
const LOOKED_UP = "If you don't remember, say so and a person on our billing team will look it up.";
/** The CONFIRM prompt's result for "not sure": neither yes nor no. */
const NOT_KNOWN = null;
/** Answers that list the plans and end: a plan taken next is one of them (planTaken). */
const LISTS_PLANS: ReadonlySet<BillingTopic> = new Set<BillingTopic>(['plans', 'plan_value', 'refund_policy', 'cancel_terms', 'help_cost']);
/**
 * What a refund request left half-way keeps of the user's answers, so a later chat can carry on
 * from them: the plan's id, dates and yes or no, never the words typed (P10).
 */
const refundProgressSchema = z.object({
  plan: z.string(),
  startDate: z.string().optional(),
  resolvedIssueDates: z.array(z.string()).optional(),
  resolved: z.boolean().optional(),
  prerequisitesMet: z.boolean().optional(),
  outOfScope: z.boolean().optional(),
});
type RefundProgress = z.infer<typeof refundProgressSchema>;

/** A refund request left half-way in an earlier chat, for "continue where we stopped?". */
export interface PendingRefund {
  caseId: string;
  conversationId: string;
  updatedAt: string;
  /** What the user told the bot before: "your plan is the Monthly subscription and it started on 2026-11-01". */
  told: string;
}

/**
 * Plans, fees and refunds from the company's own rules (issue: billing). The bot explains and
 * computes; refunds, cancellations and disputed charges always go to a person.
 */
export class BillingDialog extends FeatureDialog {
  private readonly now: () => number;

  constructor(private readonly options: BillingDialogOptions) {
    super(BILLING_DIALOG);
    this.now = options.now ?? Date.now;
    this.addDialog(new ChoicePrompt(PLAN, (prompt) => this.planInWords(prompt)));
    this.addDialog(new PastDatePrompt(DATE, this.now, unsureOf));
    this.addDialog(new ChoicePrompt(WHAT_TO_CANCEL));
    // ask() already offers Yes/No as suggested actions; the prompt must not append "(1) Yes or (2) No".
    // The answers are the facts of a refund request the billing team gets: a bare "ok" (said to
    // the question as often as meant as yes) is asked about rather than filed as a yes.
    // "Not sure" (a yes to the recognizer, for its "sure") or "no idea" (a no) answers neither way:
    // the billing team can look the fact up, so the request goes to them as it is (NOT_KNOWN).
    const unlessNotKnown = async (prompt: PromptValidatorContext<boolean>) => {
      if (!unsureOf(prompt.context.activity.text ?? '')) return prompt.recognized.succeeded;
      Object.assign(prompt.recognized, { succeeded: true, value: NOT_KNOWN });
      return true;
    };
    this.addDialog(Object.assign(new ConfirmPrompt(CONFIRM, clearYesOrNo(unlessNotKnown), 'en-us'), { style: ListStyle.none }));
    this.addDialog(
      new WaterfallDialog('billing.flow', [
        this.topicStep.bind(this),
        this.planStep.bind(this),
        this.firstFactStep.bind(this),
        this.secondFactStep.bind(this),
        this.thirdFactStep.bind(this),
        this.lastFactStep.bind(this),
        this.decideStep.bind(this),
      ]),
    );
    this.initialDialogId = 'billing.flow';
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const text = (innerDc.context.activity.text ?? '').trim();
    if (innerDc.activeDialog?.id !== 'handoff' && asksForPerson(innerDc.context)) return this.personAsked(innerDc);
    // "no wait, actually dont cancel, i want to switch to monthly instead": the plan change replaces the
    // cancellation, on its case. Its "no" declined the billing team's call back, and the change was lost.
    const instance = (innerDc.parent?.activeDialog?.state ?? {}) as { billingTopic?: BillingTopic; billingCaseId?: string };
    if (instance.billingTopic === 'cancel' && changesPlanInstead(text)) {
      const said = getClassification(innerDc.context);
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog('billing.flow', { classification: said && { ...said, intent: 'billing', ambiguous: false }, caseId: instance.billingCaseId, topic: 'change_plan' });
    }
    const asked = [PLAN, DATE, CONFIRM].includes(innerDc.activeDialog?.id ?? '') && isQuestion(text);
    const answer = !asked ? undefined : REFUND_RULES_ASKED.test(text) ? explainRefundPolicy(this.options.rules) : PLANS_ASKED.test(text) ? explainPlans(this.options.rules) : undefined;
    if (!answer) return super.onContinueDialog(innerDc);
    await innerDc.context.sendActivity(message(answer));
    await repromptInnermost(innerDc);
    return Dialog.EndOfTurn;
  }

  /**
   * Another billing request, not a question, while one is under way ("actually nevermind, how much is
   * the monthly plan" at the refund's plan question, "i was charged twice" at its date): it starts
   * over with that one. It was read as the answer ("monthly" picked the plan) or not understood.
   * A question is answered where it is asked (onContinueDialog).
   */
  startsOverFor(instance: DialogInstance, intent: Intent, text: string): boolean {
    // At the billing team's call back or email offer the request is told to them (the handoff reads it).
    if (intent !== 'billing' || isQuestion(text) || innerStack(instance).some((d) => d.id === 'handoff')) return false;
    const named = billingTopic(text);
    const asked = named === 'plans' ? (PLANS_ASKED.test(text) ? 'plans' : undefined) : named;
    return asked !== undefined && asked !== (instance.state as { billingTopic?: BillingTopic }).billingTopic;
  }

  /**
   * A refund the user stopped ("cancel") or swapped for another request is not offered again in a
   * later chat; one merely left (the chat closed) is (pendingRefund).
   */
  protected override async onEndDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    const caseId = (instance.state as { refundCaseId?: string }).refundCaseId;
    if (caseId && (reason === DialogReason.cancelCalled || reason === DialogReason.replaceCalled)) await this.declineResume(userIdOf(context.activity), caseId);
    await super.onEndDialog(context, instance, reason);
  }

  /** The user's most recent refund request left half-way, with what they told the bot for it. */
  async pendingRefund(userId: string): Promise<PendingRefund | undefined> {
    const open = (await this.options.cases.list(userId))
      .filter((c) => refundUnderway(c) && !c.notes.resumeDeclined)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    const kept = open && this.refundKept(open);
    if (!open || !kept) return undefined;
    return { caseId: open.id, conversationId: open.conversationId, updatedAt: open.updatedAt, told: toldSoFar(kept.plan, kept.progress) };
  }

  /** The user chose to start something new over continuing this refund: it is not offered again. */
  async declineResume(userId: string, caseId: string): Promise<void> {
    await this.options.cases.declineResume(userId, caseId, (c) => refundUnderway(c) && !c.notes.resumeDeclined);
  }

  /**
   * Keeps the refund's answers so far on its case (opened with the first of them, the plan), so a
   * user who leaves and comes back in a new chat can carry on. An earlier refund left half-way is
   * not offered any more once a new one starts.
   */
  private async keepRefund(step: WaterfallStepContext): Promise<void> {
    const s = this.state(step);
    if (s.topic !== 'refund' || !s.plan) return;
    const { startDate, resolvedIssueDates, resolved, prerequisitesMet, outOfScope } = s;
    const refund: RefundProgress = { plan: s.plan.id, startDate, resolvedIssueDates, resolved, prerequisitesMet, outOfScope };
    const userId = userIdOf(step.context.activity);
    const conversationId = step.context.activity.conversation.id;
    if (s.caseId) {
      // Carried on in this chat: the case is worked on here now, and offered from another one only.
      await this.options.cases.update(userId, s.caseId, (c) => Object.assign(c, { conversationId, notes: { ...c.notes, refund } }));
      return;
    }
    for (const earlier of (await this.options.cases.list(userId)).filter(refundUnderway)) await this.declineResume(userId, earlier.id);
    const record = await this.options.cases.open({ userId, conversationId, device: 'none', problem: 'Refund request', notes: { billingTopic: 'refund', refund } });
    s.caseId = record.id;
    // On the instance too: onEndDialog sees only the instance.
    Object.assign(step.parent?.activeDialog?.state ?? {}, { refundCaseId: record.id });
  }

  /** A refund taken up again from an earlier chat: its answers so far, restored; the questions after them follow. */
  private async resumeRefund(step: WaterfallStepContext, caseId: string): Promise<DialogTurnResult> {
    const s = Object.assign(this.state(step), { text: '', topic: 'refund' as BillingTopic });
    Object.assign(step.parent?.activeDialog?.state ?? {}, { billingTopic: 'refund' });
    const record = await this.options.cases.get(userIdOf(step.context.activity), caseId);
    const kept = record && refundUnderway(record) ? this.refundKept(record) : undefined;
    if (!kept) {
      // Passed on or erased meanwhile: the refund starts afresh.
      await step.context.sendActivity(message("I can't find that refund request any more, so let's start it again."));
      return step.next();
    }
    const { plan } = kept;
    const { startDate, resolvedIssueDates, resolved, prerequisitesMet, outOfScope } = kept.progress;
    Object.assign(s, { plan, startDate, resolvedIssueDates, resolved, prerequisitesMet, outOfScope, caseId });
    Object.assign(step.parent?.activeDialog?.state ?? {}, { refundCaseId: caseId });
    await step.context.sendActivity(message("OK, let's carry on with your refund request."));
    return step.next();
  }

  /** A refund case's answers so far (keepRefund) with its plan; undefined when they don't read or the plan is gone. */
  private refundKept(record: CaseRecord): { progress: RefundProgress; plan: Plan } | undefined {
    const progress = refundProgressSchema.safeParse(record.notes.refund);
    const plan = progress.success ? this.options.rules.plans.find((p) => p.id === progress.data.plan) : undefined;
    return progress.success && plan ? { progress: progress.data, plan } : undefined;
  }

  private state(step: WaterfallStepContext): BillingState {
    return step.values as BillingState;
  }

  private async topicStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // caseId, topic: a cancellation turned into a plan change, on its case ("dont cancel my plan, switch me to monthly" reads as a cancellation).
    const { resumeCaseId, caseId, topic: told } = step.options as { resumeCaseId?: string; caseId?: string; topic?: BillingTopic };
    if (resumeCaseId) return this.resumeRefund(step, resumeCaseId);
    const classification = (step.options as { classification?: Classification }).classification;
    const text = classification?.text ?? step.context.activity.text ?? '';
    const corrected = classification?.symptoms?.join(' ');
    // "can i get a refnd" named no topic as typed, which made it a question about plans.
    const typed = billingTopic(text);
    const topic = told ?? (typed === 'plans' && corrected ? billingTopic(corrected) : typed);
    const s = Object.assign(this.state(step), { text, corrected, topic, caseId });
    // On the instance too: startsOverFor sees only the instance.
    Object.assign(step.parent?.activeDialog?.state ?? {}, { billingTopic: topic });
    const { rules, paymentPageUrl } = this.options;
    const named = this.planTalkedAbout(text) ?? (corrected ? onePlanNamed(rules, corrected) : undefined);
    // "how much is the annual plan" then "ill take that one": the plan just talked about.
    const { listed, asked, cancels } = step.options as Partial<PlanTaken>;
    if (listed) s.topic = 'change_plan';
    if (cancels) s.topic = 'cancel';
    const plan = named ?? rules.plans.find((p) => p.id === (listed ?? asked)?.named);
    // Kept for the next message only when this answer lists the plans and ends here.
    if (this.options.conversationData) await forNextMessage(this.options.conversationData, step.context, 'plansListed', LISTS_PLANS.has(s.topic) ? { named: plan?.id } : undefined);
    const say = (t: string, suggestions?: string[]) => step.context.sendActivity(message(t, undefined, suggestions));
    switch (s.topic) {
      case 'plans':
        // "i want to cancel": the subscription, or something of another kind (a call back, a request)?
        if (CANCELS_NOTHING_NAMED.test(text.trim())) {
          s.askedWhatToCancel = true;
          return step.prompt(WHAT_TO_CANCEL, choicePrompt('What would you like to cancel: your subscription, or something else?', 'Please pick one of the options.', [MY_SUBSCRIPTION, SOMETHING_ELSE]));
        }
        await say(`${explainPlans(rules)}\n\nYou can also ask me about refunds or cancelling.`, ['Refund policy', 'I want a refund']);
        return step.endDialog();
      case 'plan_value':
        // "how much is the annual plan" then "is it worth it?": the figures, and the plan kept for "sign me up for that".
        await say(explainPlanValue(rules, plan));
        return step.endDialog();
      case 'charge':
        // The bot sees no account: it says what the amount can be made of, and a person checks the bill.
        await say(explainCharge(rules, text));
        return step.prompt(CONFIRM, yes('Would you like me to pass this to our billing team to check your bill?'));
      case 'help_cost':
        await say(explainHelpCost(rules));
        return step.endDialog();
      case 'refund_policy':
        await say(explainRefundPolicy(rules), ['I want a refund']);
        return step.endDialog();
      case 'cancel_terms':
        await say(explainCancellation(rules), ['Refund policy', 'Cancel my subscription']);
        return step.endDialog();
      case 'payment':
        await say(`For your security I never take card or bank details in this chat. To pay or update your payment method, please use our secure payment page: ${paymentPageUrl}`);
        return step.endDialog();
      case 'dispute':
        await say("I'm sorry about the charge. I can't change charges myself, so I'll pass this to a person on our billing team with the details.");
        return this.toHuman(step, this.state(step).caseId, 'Disputed charge', { billingTopic: 'dispute' });
      case 'change_plan':
        if (plan) return this.changePlan(step, plan);
        // "switch to that one" after all the plans: which one is a question only the user can answer.
        if (listed) return step.prompt(PLAN, choicePrompt('Which plan would you like to switch to?', `Please pick the plan you'd like: ${this.planList()}.`, this.options.rules.plans.map((p) => p.name)));
        return this.changePlan(step);
      case 'cancel':
        return this.cancelSubscription(step);
      default:
        return step.next();
    }
  }

  private async planStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = this.state(step);
    if (s.askedWhatToCancel) {
      if ((step.result as FoundChoice).index === 0) return this.cancelSubscription(step);
      await step.context.sendActivity(message("OK. Tell me in a few words what you'd like to cancel."));
      return step.endDialog();
    }
    if (s.topic === 'change_plan') return this.changePlan(step, this.options.rules.plans[(step.result as FoundChoice).index]);
    if (s.topic === 'charge') {
      if (step.result === true) return this.toHuman(step, s.caseId, 'Question about a charge', { billingTopic: 'charge' });
      await step.context.sendActivity(message("OK. If you'd like our billing team to check it later, just ask."));
      return step.endDialog();
    }
    s.plan ??= planMentioned(this.options.rules, s.text) ?? (s.corrected ? planMentioned(this.options.rules, s.corrected) : undefined);
    if (s.plan) return step.next();
    const names = this.options.rules.plans.map((p) => p.name);
    return step.prompt(
      PLAN,
      choicePrompt(
        'I can check that against our refund rules. Which plan do you have?',
        `Our plans are ${this.planList()}: which one is yours? If you're not sure, say so and a person on our billing team will look it up.`,
        [...names, NOT_SURE],
      ),
    );
  }

  /** A cancellation goes to the billing team, with what cancelling means for fees. */
  private async cancelSubscription(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.state(step).topic = 'cancel';
    // On the instance too: the interruptions read "yes cancel it now" against it.
    Object.assign(step.parent?.activeDialog?.state ?? {}, { billingTopic: 'cancel' });
    await step.context.sendActivity(
      message('Cancelling stops future renewals. Fees already paid, including any activation fee, are not refunded just because a plan is cancelled, unless your plan says otherwise; if you want a refund too, tell the person who picks this up. I\u2019ll pass your cancellation to our billing team.'),
    );
    return this.toHuman(step, this.state(step).caseId, 'Cancellation request', { billingTopic: 'cancel' });
  }

  /** "Annual subscription, Monthly subscription or Single incident". */
  private planList(): string {
    const names = this.options.rules.plans.map((p) => p.name);
    return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  }

  /** A plan change goes to the billing team, with the plan wanted when it is known (else "not sure": all of them listed). */
  private async changePlan(step: WaterfallStepContext, plan?: Plan): Promise<DialogTurnResult> {
    const { rules } = this.options;
    const passOn = "I can't change plans myself, so I'll pass your request to a person on our billing team, who will confirm the price and when the change starts.";
    if (plan) {
      await step.context.sendActivity(message(`You'd like to switch to:\n- ${explainPlan(rules, plan)}\n\n${passOn}`));
      return this.toHuman(step, this.state(step).caseId, `Plan change request (${plan.name})`, { billingTopic: 'change_plan', plan: plan.id });
    }
    await step.context.sendActivity(message(`${explainPlans(rules)}\n\n${passOn}`));
    return this.toHuman(step, this.state(step).caseId, 'Plan change request', { billingTopic: 'change_plan' });
  }

  /**
   * Right after an answer that listed the plans, a message taking one ("ill take that one", "sign me
   * up for that", "switch to it") or asking about them ("whats the diffrence with monthly?"): the
   * router reads these as cancel, a goodbye or nothing. The dialog's options to begin with for it,
   * else undefined.
   */
  async planTaken(context: TurnContext, classification: Classification): Promise<PlanTaken | undefined> {
    if (!this.options.conversationData) return undefined;
    const listed = await justSaid(this.options.conversationData, context, 'plansListed');
    if (!listed) return undefined;
    const { text, symptoms } = classification;
    const billing: Classification = { ...classification, intent: 'billing', ambiguous: false };
    if (cancelsThePlan(text)) return { classification: billing, cancels: true };
    const namesAPlan = this.planTalkedAbout(text) !== undefined;
    if (takesAPlan(text, namesAPlan)) return { classification: billing, listed };
    // "hmm whats the diffrence with monthly?": a question about them, out of scope to the router.
    const aboutPlans = PLANS_ASKED.test(text) || PLANS_ASKED.test(symptoms.join(' ')) || namesAPlan || billingTopic(text) === 'plan_value';
    return isQuestion(text) && aboutPlans ? { classification: billing, asked: listed } : undefined;
  }

  /** The one plan a billing message is about ("how much is the yearly plan"), if it names one. */
  private planTalkedAbout(text: string): Plan | undefined {
    return onePlanNamed(this.options.rules, this.inPlanWords(text));
  }

  /** "anual", "the yearly one", "single": a plan's own words, slips mended. */
  private inPlanWords(text: string): string {
    const plans = this.options.rules.plans;
    return mendSlips(text, [...plans.flatMap((p) => [p.id, p.name]), 'yearly', 'single'])
      .replace(/\b(?:yearly|a year|per year|12 months?)\b/i, 'annual')
      .replace(/\b(?:per month|a month|every month)\b/i, 'monthly')
      .replace(/\bsingle\b/i, 'incident');
  }

  /** "the yearly one", "monthly": a plan named in other words; "no idea": not sure. */
  private async planInWords(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    const plans = this.options.rules.plans;
    // "i think the monthly, not 100% sure": a guess would decide the refund as if it were known.
    const said = prompt.context.activity.text ?? '';
    if (unsureOf(said)) {
      prompt.recognized.value = { value: NOT_SURE, index: plans.length, score: 1, synonym: said };
      return true;
    }
    if (prompt.recognized.succeeded) return true;
    // "anual", "mothly": a slip in a plan's own words.
    const text = mendSlips(prompt.context.activity.text ?? '', [...plans.flatMap((p) => [p.id, p.name]), 'yearly', 'single']);
    const plan = planMentioned(this.options.rules, this.inPlanWords(text)) ?? planPriced(plans, text);
    if (!plan) return false;
    prompt.recognized.value = { value: plan.name, index: plans.indexOf(plan), score: 1, synonym: text };
    return true;
  }

  private async firstFactStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = this.state(step);
    if (!s.plan) {
      const picked = (step.result as FoundChoice).index;
      // Not knowing one's plan is no reason to stop: the billing team can see it.
      if (picked >= this.options.rules.plans.length) {
        await step.context.sendActivity(message('No problem: our billing team can look up your plan.'));
        return this.toHuman(step, this.state(step).caseId, 'Refund request (plan not known)', { billingTopic: 'refund' });
      }
      s.plan = this.options.rules.plans[picked];
    }
    await this.keepRefund(step);
    if (s.plan.kind === 'subscription') {
      if (s.startDate) return step.next();
      return this.askDate(step, 'When did your subscription start? (for example "3 March" or "two weeks ago")', 'When did the subscription start?');
    }
    if (s.resolved !== undefined) return step.next();
    return step.prompt(CONFIRM, yes('Was the issue resolved while your account was active?'));
  }

  private async secondFactStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = this.state(step);
    if (s.plan!.kind === 'subscription') {
      s.startDate ??= firstDate(step.result as DateTimeResolution[]);
      if (!s.startDate) return this.dateNotKnown(step);
      await this.keepRefund(step);
      if (s.resolvedIssueDates) return step.next();
      const userId = userIdOf(step.context.activity);
      if (isChannelVerified(step.context.activity)) {
        // A signed-in user's own cases answer the question without asking.
        const cases = await this.options.cases.list(userId);
        s.resolvedIssueDates = cases.filter((c) => c.status === 'resolved').map((c) => c.updatedAt.slice(0, 10));
        return step.next();
      }
      const w = s.plan!.refund.windowDays;
      return step.prompt(CONFIRM, yes(`Did we resolve any issue for you in the first ${w} days of the subscription?`));
    }
    if (s.resolved === undefined) {
      if (step.result === NOT_KNOWN) return this.factNotKnown(step);
      s.resolved = Boolean(step.result);
      await this.keepRefund(step);
    }
    if (s.resolved || s.prerequisitesMet !== undefined) return step.next();
    return step.prompt(CONFIRM, yes('Did you have everything the technician needed to fix it (for example access to the device and the account)?'));
  }

  private async thirdFactStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = this.state(step);
    if (step.result === NOT_KNOWN) return this.factNotKnown(step);
    if (s.plan!.kind === 'subscription') {
      if (!s.resolvedIssueDates) s.resolvedIssueDates = step.result ? [s.startDate!] : [];
      return step.next();
    }
    if (!s.resolved && s.prerequisitesMet === undefined) {
      s.prerequisitesMet = Boolean(step.result);
      await this.keepRefund(step);
    }
    if ((!s.resolved && s.prerequisitesMet) || s.outOfScope !== undefined) return step.next();
    return step.prompt(CONFIRM, yes("Did we tell you the problem was outside what your plan covers?"));
  }

  private async lastFactStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = this.state(step);
    if (s.plan!.kind === 'subscription' || (!s.resolved && s.prerequisitesMet)) return step.next();
    if (s.outOfScope === undefined) {
      if (step.result === NOT_KNOWN) return this.factNotKnown(step);
      s.outOfScope = Boolean(step.result);
      await this.keepRefund(step);
    }
    if (s.outOfScope) return step.next();
    return this.askDate(step, 'When did a technician last work on the issue?', 'When did a technician last work on it?');
  }

  /** Asks for a date that decides the refund window; `again` is the question as asked again. */
  private askDate(step: WaterfallStepContext, question: string, again: string): Promise<DialogTurnResult> {
    const windowDays = this.state(step).plan!.refund.windowDays;
    return step.prompt(DATE, {
      prompt: ask(question, 'text'),
      retryPrompt: ask(`I couldn't read that as a date in the past. ${again} For example 2026-03-03. ${LOOKED_UP}`, 'text'),
      validations: {
        yearOnly: ask(`A year alone is not enough: refunds depend on a ${windowDays}-day window, so I need the month and day too. ${again} For example 2026-03-03. ${LOOKED_UP}`, 'text'),
      },
    });
  }

  private async decideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = this.state(step);
    const plan = s.plan!;
    const today = new Date(this.now()).toISOString().slice(0, 10);
    if (plan.kind === 'incident' && s.resolved !== undefined && !(s.resolved === false && s.prerequisitesMet) && !s.outOfScope) {
      s.lastWorkedOn = firstDate((step.result as DateTimeResolution[] | undefined) ?? []);
      if (!s.lastWorkedOn) return this.dateNotKnown(step);
    }
    const facts: RefundFacts =
      plan.kind === 'subscription'
        ? { kind: 'subscription', startDate: s.startDate!, today, resolvedIssueDates: s.resolvedIssueDates ?? [] }
        : { kind: 'incident', today, resolved: Boolean(s.resolved), prerequisitesMet: s.prerequisitesMet, outOfScope: Boolean(s.outOfScope), lastWorkedOn: s.lastWorkedOn };
    const eligibility = refundEligibility(plan, facts);
    await step.context.sendActivity(message(describe(eligibility, plan, this.options.rules.currency)));
    return this.toHuman(step, this.state(step).caseId, `Refund request (${plan.name})`, { billingTopic: 'refund', plan: plan.id, facts, eligibility });
  }

  /** A date the user doesn't remember decides nothing: the billing team can see it, so the request goes to them as it is. */
  private async dateNotKnown(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const plan = this.state(step).plan!;
    await step.context.sendActivity(message('No problem: our billing team can look that up.'));
    return this.toHuman(step, this.state(step).caseId, `Refund request (${plan.name}, date not known)`, { billingTopic: 'refund', plan: plan.id });
  }

  /** A yes/no fact the user isn't sure of decides nothing either: it goes to the billing team as it is. */
  private async factNotKnown(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const plan = this.state(step).plan!;
    await step.context.sendActivity(message('No problem: our billing team can look that up.'));
    return this.toHuman(step, this.state(step).caseId, `Refund request (${plan.name}, not sure of the facts)`, { billingTopic: 'refund', plan: plan.id });
  }

  /**
   * Opens a case carrying the billing facts and hands it to a person; the bot never promises a
   * refund. `kept`: a refund's case, which holds its answers so far and becomes the request (one
   * case, not two). From a step the handoff replaces the dialog's questions; from a `dc` emptied
   * (personAsked) it is begun there.
   */
  private async toHuman(dc: DialogContext, kept: string | undefined, problem: string, notes: Record<string, unknown>, summary?: string): Promise<DialogTurnResult> {
    const userId = userIdOf(dc.context.activity);
    const conversationId = dc.context.activity.conversation.id;
    const record = (kept && (await this.options.cases.get(userId, kept))) || (await this.options.cases.open({ userId, conversationId, device: 'none', problem }));
    // On the instance: a cancellation turned into a plan change at the handoff (onContinueDialog) stays on this case.
    Object.assign(dc.parent?.activeDialog?.state ?? {}, { billingCaseId: record.id });
    await this.options.cases.update(userId, record.id, (c) => {
      Object.assign(c, { problem, conversationId });
      c.notes = notes;
      c.status = 'escalated';
    });
    if (!dc.findDialog('handoff')) {
      await dc.context.sendActivity(message(`I've recorded this as case ${record.id}. Our billing team will contact you.`));
      return dc.activeDialog ? dc.endDialog() : { status: DialogTurnStatus.complete };
    }
    const cancellation = notes.billingTopic === 'cancel';
    const handoff = { reason: problem, priority: 'normal', caseId: record.id, team: 'billing', ...(cancellation ? { cancellation } : {}), ...(summary ? { summary } : {}) };
    return dc.activeDialog ? dc.replaceDialog('handoff', handoff) : dc.beginDialog('handoff', handoff);
  }

  /**
   * "can i just talk to someone" at a refund's or plan change's question: the billing team takes the
   * request as it stands, with what the user told so far, and its questions are not asked after.
   * A technician, begun on top, got "can i just talk to someone" and nothing of the refund.
   */
  private async personAsked(innerDc: DialogContext): Promise<DialogTurnResult> {
    const s = (innerDc.stack[0]?.state as { values?: BillingState } | undefined)?.values;
    await innerDc.cancelAllDialogs();
    if (s?.topic === 'change_plan') return this.toHuman(innerDc, undefined, 'Plan change request', { billingTopic: 'change_plan' });
    const plan = s?.plan;
    if (!plan) return this.toHuman(innerDc, s?.caseId, 'Refund request (plan not known)', { billingTopic: 'refund' }, 'Refund request; asked for a person before giving the plan');
    const { startDate, resolvedIssueDates, resolved, prerequisitesMet, outOfScope } = s;
    const told = toldSoFar(plan, { plan: plan.id, startDate, resolvedIssueDates, resolved, prerequisitesMet, outOfScope }, 'they');
    const problem = `Refund request (${plan.name})`;
    return this.toHuman(innerDc, s.caseId, problem, { billingTopic: 'refund', plan: plan.id }, `${problem}; asked for a person part-way. Told so far: ${told}`);
  }
}

/** "the 199 one", "the 24.99 one": the one plan a price said names. */
function planPriced(plans: Plan[], text: string): Plan | undefined {
  const said = [...text.matchAll(/\b\d+(?:\.\d{1,2})?\b/g)].map((m) => Number(m[0]));
  const priced = plans.filter((p) => said.some((n) => n === p.price || n === Math.floor(p.price)));
  return priced.length === 1 ? priced[0] : undefined;
}

function describe(e: Eligibility, plan: Plan, currency: string): string {
  const verdict = e.eligible
    ? `Based on our refund rules, this looks eligible for a refund of ${e.refundableAmount.toFixed(2)} ${currency}.`
    : 'Based on our refund rules, this does not look eligible for a refund.';
  return [verdict, `Why: ${e.rule}`, ...e.notes, `I can't approve refunds myself: a person on our billing team will review your ${plan.name} refund request and make the decision.`].join('\n');
}

/**
 * A person asked for at one of the dialog's own questions, read as the interruptions read it there:
 * a word for a person, or the router sure of it ("i think so" reads as human at 0.79).
 */
function asksForPerson(context: TurnContext): boolean {
  const said = getClassification(context);
  return said?.intent === 'human' && !said.ambiguous && said.confidence >= SURE_CONFIDENCE && (said.confidence >= UNMISTAKABLE || namesAPerson(said.text));
}

/** A refund request's case while its questions are still being answered. */
function refundUnderway(c: CaseRecord): boolean {
  return c.status === 'open' && c.notes.billingTopic === 'refund';
}

/** What the user said for a refund so far, as a returning user is reminded of it ('you'), or as the billing team is told it ('they'). */
function toldSoFar(plan: Plan, p: RefundProgress, who: 'you' | 'they' = 'you'): string {
  const [your, you] = who === 'you' ? ['your', 'you'] : ['their', 'them'];
  const told = [`${your} plan is the ${plan.name}`];
  if (p.startDate) told.push(`it started on ${p.startDate}`);
  if (p.resolvedIssueDates) told.push(`we ${p.resolvedIssueDates.length > 0 ? 'did' : "didn't"} resolve an issue for ${you} in its first ${plan.refund.windowDays} days`);
  if (p.resolved !== undefined) told.push(`the issue ${p.resolved ? 'was' : "wasn't"} resolved while ${your} account was active`);
  if (p.prerequisitesMet !== undefined) told.push(`${who} ${p.prerequisitesMet ? 'had' : "didn't have"} everything the technician needed`);
  if (p.outOfScope !== undefined) told.push(`we ${p.outOfScope ? 'did' : "didn't"} tell ${you} the problem was outside what ${your} plan covers`);
  return told.length === 1 ? told[0] : `${told.slice(0, -1).join(', ')} and ${told[told.length - 1]}`;
}
