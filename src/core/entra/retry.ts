// One wall-clock budget for everything a check waits on Retry-After (token endpoint and Graph together), so a
// throttled tenant cannot keep an interactive check waiting for minutes (Graph's RetryHandler alone would wait
// up to 3 × 180 s per request).

export const RETRY_BUDGET_MS = 30_000;

export class RetryBudget {
  private readonly deadline: number;
  constructor(budgetMs = RETRY_BUDGET_MS, private readonly clock: () => number = Date.now) {
    this.deadline = clock() + budgetMs;
  }
  /** True when waiting `ms` now still ends within the budget. */
  allows(ms: number): boolean {
    return ms >= 0 && this.clock() + ms <= this.deadline;
  }
}

/** Retry-After in seconds (delta-seconds or an HTTP date), or null when absent or unparseable. */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
