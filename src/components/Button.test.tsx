import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { Button } from "./Button.js";
import { ThemeProvider, makeTheme } from "./Theme.js";
import { plain } from "./ink.test-support.js";

describe("Button", () => {
  it("marks focus with a pointer, not only with colour", () => {
    expect(plain(render(<Button label="Generate" focused={false} />).lastFrame())).toBe(" [Generate]");
    expect(plain(render(<Button label="Generate" focused />).lastFrame())).toBe("›[Generate]");
  });
  it("uses an ASCII pointer on a dumb terminal", () => {
    const f = render(
      <ThemeProvider theme={makeTheme({ color: false, ascii: true })}>
        <Button label="Save" focused />
      </ThemeProvider>,
    ).lastFrame();
    expect(plain(f)).toBe(">[Save]");
  });
});
