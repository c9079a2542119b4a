// Keeps the status of every registration step and tells the caller (CLI progress lines, dashboard) each change.
import { STEP_ORDER, STEP_TITLES, type RegisterStep, type RegisterStepId, type RegisterStepStatus } from "./types.js";

export class StepTracker {
  private readonly steps = new Map<RegisterStepId, RegisterStep>(STEP_ORDER.map((id) => [id, { id, title: STEP_TITLES[id], status: "pending" }]));
  /** the step running now, which a failure is charged to */
  current: RegisterStepId | null = null;

  constructor(private readonly onStep?: (step: RegisterStep) => void) {}

  start(id: RegisterStepId, detail?: string): void {
    this.current = id;
    this.set(id, "running", detail);
  }

  end(id: RegisterStepId, status: Exclude<RegisterStepStatus, "running" | "pending">, detail?: string): void {
    if (this.current === id) this.current = null;
    this.set(id, status, detail);
  }

  list(): RegisterStep[] {
    return STEP_ORDER.map((id) => ({ ...this.steps.get(id)! }));
  }

  /** true when a step created or updated something */
  changed(): boolean {
    return [...this.steps.values()].some((s) => s.status === "created" || s.status === "updated");
  }

  private set(id: RegisterStepId, status: RegisterStepStatus, detail: string | undefined): void {
    const step: RegisterStep = { id, title: STEP_TITLES[id], status, ...(detail !== undefined ? { detail } : {}) };
    this.steps.set(id, step);
    this.onStep?.({ ...step });
  }
}
