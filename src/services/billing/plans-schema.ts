import { z } from 'zod';

// Plans and refund rules are company policy, stated in the config file so another
// company can state its own (policy 000: PAYMENT, CREDIT CARD BILLING, REFUND POLICY).
export const refundRuleSchema = z.object({
  /** Days after the start (subscription) or last work (incident) within which a refund can apply. */
  windowDays: z.number().int().min(0),
  /**
   * no_issue_resolved: full refund within the window when no issue was resolved (subscriptions);
   * incident_rules: refundable when not resolved while active, out of scope, or last worked on within the window.
   */
  condition: z.enum(['no_issue_resolved', 'incident_rules', 'none']),
});

export const planSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes'),
  name: z.string().min(1),
  kind: z.enum(['subscription', 'incident']),
  termMonths: z.number().int().positive().optional(),
  price: z.number().nonnegative(),
  activationFee: z.number().nonnegative().default(0),
  description: z.string().min(1),
  refund: refundRuleSchema,
});

export const billingSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a currency code like USD'),
  plans: z.array(planSchema).min(1),
});

export type Plan = z.infer<typeof planSchema>;
export type BillingRules = z.infer<typeof billingSchema>;
