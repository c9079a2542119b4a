import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { ChoiceDialog } from "./ChoiceDialog.js";
import { KEY, paste, plain, press, until } from "./ink.test-support.js";

const choices = [
  { key: "y", label: "Delete", value: "yes" as const },
  { key: "n", label: "Keep", value: "no" as const },
];

describe("ChoiceDialog", () => {
  it("answers by key", async () => {
    const onChoose = vi.fn();
    const { stdin } = render(<ChoiceDialog title="Delete?" choices={choices} initial={1} onChoose={onChoose} onCancel={() => {}} />);
    await press(stdin, "y");
    expect(onChoose).toHaveBeenCalledWith("yes");
  });

  it("starts on the safe answer; arrows move, Enter picks", async () => {
    const onChoose = vi.fn();
    const { stdin, lastFrame } = render(<ChoiceDialog title="Delete?" choices={choices} initial={1} onChoose={onChoose} onCancel={() => {}} />);
    expect(plain(lastFrame())).toContain("›[n] Keep");
    await press(stdin, KEY.enter);
    expect(onChoose).toHaveBeenLastCalledWith("no");
    await press(stdin, KEY.left);
    expect(plain(lastFrame())).toContain("›[y] Delete");
    await press(stdin, KEY.enter);
    expect(onChoose).toHaveBeenLastCalledWith("yes");
  });

  it("Tab Tab Enter in one write: two moves, then the pick", async () => {
    const onChoose = vi.fn();
    const three = [...choices, { key: "c", label: "Cancel", value: "cancel" as const }];
    const { stdin } = render(<ChoiceDialog title="Q" choices={three} onChoose={onChoose} onCancel={() => {}} />);
    await paste(stdin, KEY.tab + KEY.tab + KEY.enter);
    await until(() => onChoose.mock.calls.length > 0);
    expect(onChoose).toHaveBeenCalledExactlyOnceWith("cancel");
  });

  it("Esc cancels", async () => {
    const onCancel = vi.fn();
    const { stdin } = render(<ChoiceDialog title="Q" choices={choices} onChoose={() => {}} onCancel={onCancel} />);
    await press(stdin, KEY.esc);
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
