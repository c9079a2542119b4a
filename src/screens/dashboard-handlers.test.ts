import { describe, expect, it } from "vitest";
import { ACTION_IDS } from "../tui/state/keymap.js";
import type { DashboardModel } from "../tui/state/use-dashboard.js";
import { dashboardHandlers } from "./dashboard-handlers.js";

describe("dashboard handlers", () => {
  it("every keymap action has a handler, and nothing else does", () => {
    const h = dashboardHandlers({
      model: () => ({}) as DashboardModel,
      focus: () => "save",
      go: () => {},
      setEditing: () => {},
      open: () => {},
      quitAtOnce: () => false,
      onQuit: () => {},
    });
    expect(Object.keys(h).sort()).toEqual([...ACTION_IDS].sort());
    for (const id of ACTION_IDS) expect(typeof h[id], id).toBe("function");
  });

  it("Enter runs the focused control's action; in a text field it moves on", () => {
    const calls: string[] = [];
    const model = { certificates: [], form: { cloud: "global" }, setCloud: (c: string) => calls.push(`cloud ${c}`), generate: async () => void calls.push("generate") } as unknown as DashboardModel;
    let focus: "applicationId" | "cloud" | "generate" = "applicationId";
    const h = dashboardHandlers({ model: () => model, focus: () => focus, go: (f) => calls.push(`go ${f}`), setEditing: (on) => calls.push(`editing ${on}`), open: (o) => calls.push(`open ${o}`), quitAtOnce: () => false, onQuit: () => {} });
    h.act(1);
    focus = "cloud";
    h.act(1);
    focus = "generate";
    h.act(1);
    expect(calls).toEqual(["go cloud", "cloud usgov", "generate"]);
  });
});
