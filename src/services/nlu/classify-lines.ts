import type { Router } from './router';

/** What `helpline classify` prints for each input line (blank lines are skipped). */
export function classifyLines(router: Router, lines: string[], jsonl: boolean): string[] {
  return lines
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const { text, intent, device, confidence } = router.classify(line);
      if (jsonl) return JSON.stringify({ text, intent, device, confidence });
      return [intent, device, confidence.toFixed(3), text].join('\t');
    });
}
