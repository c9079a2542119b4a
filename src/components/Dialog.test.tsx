import { Text } from "ink";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { Dialog } from "./Dialog.js";
import { ThemeProvider, makeTheme } from "./Theme.js";
import { plain } from "./ink.test-support.js";

describe("Dialog", () => {
  it("draws a titled box with its footer", () => {
    const f = plain(
      render(
        <Dialog title="Delete certificate" footer="y yes · n no" width={40}>
          <Text>Really?</Text>
        </Dialog>,
      ).lastFrame(),
    );
    expect(f.split("\n")[0]).toMatch(/^╭─+╮$/);
    expect(f).toContain("│ Delete certificate");
    expect(f).toContain("│ Really?");
    expect(f).toContain("│ y yes · n no");
  });
  it("uses an ASCII border on a dumb terminal", () => {
    const f = plain(
      render(
        <ThemeProvider theme={makeTheme({ color: false, ascii: true })}>
          <Dialog title="T" width={20}>
            <Text>x</Text>
          </Dialog>
        </ThemeProvider>,
      ).lastFrame(),
    );
    expect(f.split("\n")[0]).toMatch(/^\+-+\+$/);
  });
});
