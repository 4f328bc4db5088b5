import { z } from 'zod';
import { DEVICES } from '../nlu/labels';

// Support staff edit these files by hand, so every message here should tell them what to
// change rather than restate zod's internals.

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebab = (what: string) =>
  z
    .string({ required_error: `${what} is required`, invalid_type_error: `${what} must be text` })
    .regex(KEBAB, `${what} must be kebab-case (lower-case words joined by hyphens)`);

export const StepIdSchema = kebab('step id');
const text = (what: string) =>
  z
    .string({ required_error: `${what} is required`, invalid_type_error: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`);

export const FLOW_DEVICES = DEVICES.filter((d) => d !== 'none') as Exclude<(typeof DEVICES)[number], 'none'>[];
export type FlowDevice = (typeof FLOW_DEVICES)[number];

export const COLLECT_FIELDS = ['model', 'purchase_date', 'serial', 'os_version'] as const;
export type CollectField = (typeof COLLECT_FIELDS)[number];

export const OptionSchema = z
  .object({
    label: text('option label'),
    next: StepIdSchema,
    // An instruction's options are what happened when the user tried it: nothing said before answers them.
    said: z.undefined({ invalid_type_error: 'said belongs to the answers of a question step, not to an instruction' }).optional(),
  })
  .strict();

/**
 * An answer to a question step. `said`: words that, in the message the user opened with, already
 * answer the question ("my mac is slow" answers "Windows PC or Mac?"), so it is not asked.
 */
export const AnswerSchema = OptionSchema.extend({
  said: z.array(text('said phrase').transform((p) => p.toLowerCase())).min(1, 'said must list at least one phrase, or leave it out').optional(),
}).strict();

// A non-terminal step without choices strands the user, so an empty option list is
// reported as the dead end it is.
const optionsOf = <O extends z.ZodTypeAny>(option: O) =>
  z
    .array(option, {
      required_error: 'dead end: this step needs options leading on, or make it a resolved or escalate step',
    })
    .min(1, 'dead end: this step needs at least one option, or make it a resolved or escalate step');

/**
 * What a step tells a user who asks about it instead of answering: `help`, for one who doesn't know
 * the answer or how to tell ("i dont know", "how do i tell?"); `faq`, for a question asked in one of
 * its `q` phrases ("will i lose my photos?" at an erase step).
 */
const StepHelpSchema = {
  help: text('help').optional(),
  faq: z
    .array(
      z
        .object({
          q: z.array(text('q phrase').transform((p) => p.toLowerCase())).min(1, 'q must list at least one phrase of the question'),
          a: text('a (the answer)'),
        })
        .strict(),
    )
    .min(1, 'faq must list at least one question, or leave it out')
    .optional(),
};

const LinkSchema = z.object({ title: text('link title'), url: z.string().url('link url must be a full URL') }).strict();

export const InstructionStepSchema = z
  .object({
    kind: z.literal('instruction'),
    text: text('text'),
    link: LinkSchema.optional(),
    image: z.string().url('image must be a full URL').optional(),
    options: optionsOf(OptionSchema),
    ...StepHelpSchema,
    // What a user says when they did the step before it came ("restarted it", "rebooted the router"):
    // said so ("my printer is offline, i already restarted it"), the step is passed over by its "Still ..." answer.
    said_done: z.array(text('said_done phrase').transform((p) => p.toLowerCase())).min(1, 'said_done must list at least one phrase, or leave it out').optional(),
  })
  .strict();

export const QuestionStepSchema = z
  .object({
    kind: z.literal('question'),
    text: text('text'),
    options: optionsOf(AnswerSchema),
    ...StepHelpSchema,
  })
  .strict();

export const CollectStepSchema = z
  .object({
    kind: z.literal('collect'),
    fields: z
      .array(z.enum(COLLECT_FIELDS, { errorMap: () => ({ message: `fields may only be ${COLLECT_FIELDS.join(', ')}` }) }))
      .min(1, 'fields must name at least one of ' + COLLECT_FIELDS.join(', ')),
    text: text('text (why we ask)'),
    next: StepIdSchema,
    // Where to go instead when the user gave a detail ("diagnostics": an error code told at the version question),
    // so a step asking for it is not asked. The first detail given, in this order, wins.
    next_if_given: z
      .object({
        model: StepIdSchema.optional(),
        purchase_date: StepIdSchema.optional(),
        serial: StepIdSchema.optional(),
        os_version: StepIdSchema.optional(),
        diagnostics: StepIdSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const ResolvedStepSchema = z.object({ kind: z.literal('resolved'), text: text('text') }).strict();

/**
 * `security: true`: the ending of a scam's steps (someone paid or let in), whose ticket is a security
 * report at high priority, as a scam told anywhere else gets, not a normal ticket behind the others.
 */
export const EscalateStepSchema = z
  .object({ kind: z.literal('escalate'), reason: text('reason'), text: text('text'), security: z.literal(true).optional() })
  .strict();

/**
 * Carries the case on in another guide, from its start, when that guide is the rest of the way
 * ("It says offline" at "What does the printer show?" is the offline printer's guide): its steps are
 * not copied here. The user is told, and the steps tried so far stay with the case.
 */
export const GotoStepSchema = z.object({ kind: z.literal('goto'), flow: kebab('flow (the id of the guide to go on in)') }).strict();

/** The dialog adds this choice to every step itself, so content must not. */
export const TECHNICIAN_OPTION = 'Talk to a technician';

export const STEP_KINDS = ['instruction', 'question', 'collect', 'resolved', 'escalate', 'goto'] as const;

export const StepSchema = z.discriminatedUnion(
  'kind',
  [InstructionStepSchema, QuestionStepSchema, CollectStepSchema, ResolvedStepSchema, EscalateStepSchema, GotoStepSchema],
  { errorMap: (issue, ctx) => ({
      message:
        issue.code === 'invalid_union_discriminator'
          ? `kind must be one of ${STEP_KINDS.join(', ')}`
          : ctx.defaultError,
    }) },
);

export const FlowSchema = z
  .object({
    id: kebab('id'),
    title: text('title'),
    device: z.enum(FLOW_DEVICES as [FlowDevice, ...FlowDevice[]], {
      errorMap: () => ({ message: `device must be one of ${FLOW_DEVICES.join(', ')}` }),
    }),
    symptoms: z.array(text('symptom')).min(1, 'symptoms must list at least one keyword'),
    summary: text('summary'),
    // Kinds of the device the steps don't fit ("Mac" for a Windows PC's guide): a user who names one
    // is not offered the guide, however well its symptoms fit ("my macbook keeps crashing").
    not_for: z.array(text('not_for kind')).optional(),
    // Asked after an instruction when the user only says they did it ("done", "yes"): that is not
    // "That worked". Its yes is the instruction's "That worked"; without it, "Did that fix it?".
    check: text('check').optional(),
    start: StepIdSchema,
    steps: z.record(StepIdSchema, StepSchema).refine((s) => Object.keys(s).length > 0, 'steps must not be empty'),
  })
  .strict();

export type FlowOption = z.infer<typeof OptionSchema>;
export type InstructionStep = z.infer<typeof InstructionStepSchema>;
export type QuestionStep = z.infer<typeof QuestionStepSchema>;
export type CollectStep = z.infer<typeof CollectStepSchema>;
export type ResolvedStep = z.infer<typeof ResolvedStepSchema>;
export type EscalateStep = z.infer<typeof EscalateStepSchema>;
export type GotoStep = z.infer<typeof GotoStepSchema>;
export type Step = z.infer<typeof StepSchema>;
export type StepKind = Step['kind'];
export type Flow = z.infer<typeof FlowSchema>;

/** The step ids a step can lead to, in the order the user sees them. */
export function nextIds(step: Step): string[] {
  switch (step.kind) {
    case 'instruction':
    case 'question':
      return step.options.map((o) => o.next);
    case 'collect':
      return [step.next, ...Object.values(step.next_if_given ?? {}).filter((id): id is string => id !== undefined)];
    default:
      return [];
  }
}

export function isTerminal(step: Step): step is ResolvedStep | EscalateStep {
  return step.kind === 'resolved' || step.kind === 'escalate';
}
