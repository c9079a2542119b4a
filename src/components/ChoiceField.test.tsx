import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { ChoiceField } from "./ChoiceField.js";
import { plain } from "./ink.test-support.js";

describe("ChoiceField", () => {
  it("shows arrows around the value when focused, and the detail", () => {
    expect(plain(render(<ChoiceField label="Cloud" value="usgov" focused detail="login.microsoftonline.us" />).lastFrame())).toBe(
      "› Cloud           < usgov > login.microsoftonline.us",
    );
    expect(plain(render(<ChoiceField label="Cloud" value="global" focused={false} />).lastFrame())).toBe("  Cloud             global");
  });
});
