import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { certificate } from "../components/fixtures.test-support.js";
import { KEY, plain, press, waitForFrame } from "../components/ink.test-support.js";
import { ExportPublicFlow } from "./ExportPublicFlow.js";

const PEM = `-----BEGIN CERTIFICATE-----\n${"MIIFAKE".repeat(9).match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;

describe("ExportPublicFlow: Show the PEM on screen", () => {
  it("prints the whole PEM on the normal screen, and any key returns to the dashboard and closes", async () => {
    const calls: string[] = [];
    const printed: string[] = [];
    const normalScreen = { print: (t: string) => void printed.push(t), back: () => void calls.push("back") };
    const r = render(
      <ExportPublicFlow certificate={certificate()} profileDir="/p" exportTo={async () => true} pathState={async (p) => ({ file: p, state: "missing" })} pem={() => PEM} copy={() => {}} onClose={() => calls.push("close")} normalScreen={normalScreen} />,
    );
    await waitForFrame(r.lastFrame, (f) => f.includes("Show the PEM on screen"));
    await press(r, KEY.down, KEY.enter);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(PEM.trimEnd());
    expect(printed[0]).toContain("3F2A1B4C5D6E7F8091A2B3C4D5E6F708192A3B4C");
    expect(printed[0]).toMatch(/Press any key to return to the dashboard\.\n$/);
    expect(calls).toEqual([]);
    expect(plain(r.lastFrame())).not.toContain("BEGIN CERTIFICATE");
    await press(r, "x");
    expect(calls).toEqual(["back", "close"]);
  });

  it("back to the dashboard when the flow is closed otherwise (Ctrl+C's quit question replaces it)", async () => {
    const calls: string[] = [];
    const normalScreen = { print: () => {}, back: () => void calls.push("back") };
    const r = render(
      <ExportPublicFlow certificate={certificate()} profileDir="/p" exportTo={async () => true} pathState={async (p) => ({ file: p, state: "missing" })} pem={() => PEM} copy={() => {}} onClose={() => {}} normalScreen={normalScreen} />,
    );
    await waitForFrame(r.lastFrame, (f) => f.includes("Show the PEM on screen"));
    await press(r, KEY.down, KEY.enter);
    r.unmount();
    expect(calls).toEqual(["back"]);
  });
});
