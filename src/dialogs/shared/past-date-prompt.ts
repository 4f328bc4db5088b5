import { DateTimePrompt, type DateTimeResolution, type PromptValidatorContext } from 'botbuilder-dialogs';

/**
 * A DateTimePrompt that accepts only a calendar date that is not in the future ("last March",
 * "two weeks ago", "2026-01-05") and yields it as YYYY-MM-DD.
 */
export class PastDatePrompt extends DateTimePrompt {
  constructor(id: string, now: () => number = Date.now) {
    super(id, async (prompt: PromptValidatorContext<DateTimeResolution[]>) => {
      const date = firstDate(prompt.recognized.value ?? []);
      return date !== undefined && Date.parse(`${date}T00:00:00Z`) <= now();
    });
  }
}

/** The first resolution that names a calendar day (a range gives its start). */
export function firstDate(resolutions: DateTimeResolution[]): string | undefined {
  for (const r of resolutions) {
    const value = r.value ?? (r as { start?: string }).start;
    if (value && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
    const timexDay = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(r.timex ?? '');
    if (timexDay) return `${timexDay[1]}-${timexDay[2]}-${timexDay[3] ?? '01'}`;
  }
  return undefined;
}
