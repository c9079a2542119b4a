import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { Spinner } from "./Spinner.js";
import { ThemeProvider, makeTheme } from "./Theme.js";
import { plain, tick } from "./ink.test-support.js";

describe("Spinner", () => {
  it("animates", async () => {
    const { lastFrame } = render(<Spinner label="Testing connection…" />);
    const first = plain(lastFrame());
    await tick(250);
    expect(plain(lastFrame())).not.toBe(first);
    expect(plain(lastFrame())).toMatch(/ Testing connection…$/);
  });
  it("uses ASCII frames on a dumb terminal", () => {
    const f = render(
      <ThemeProvider theme={makeTheme({ color: false, ascii: true })}>
        <Spinner label="x" />
      </ThemeProvider>,
    ).lastFrame();
    expect(plain(f)).toBe("| x");
  });
});
