import { Text } from "ink";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { ThemeProvider, makeTheme, useTheme } from "./Theme.js";

function Probe() {
  const t = useTheme();
  return <Text>{`${t.sym.ok} ${t.sym.bad} ${t.tone("ok") ?? "none"} ${t.border}`}</Text>;
}

describe("Theme", () => {
  it("gives colours and unicode symbols by default", () => {
    const { lastFrame } = render(
      <ThemeProvider theme={makeTheme({ color: true, ascii: false })}>
        <Probe />
      </ThemeProvider>,
    );
    expect(lastFrame()).toBe("✓ ✗ green round");
  });
  it("drops colour and uses ASCII on a dumb terminal", () => {
    const { lastFrame } = render(
      <ThemeProvider theme={makeTheme({ color: false, ascii: true })}>
        <Probe />
      </ThemeProvider>,
    );
    expect(lastFrame()).toBe("+ x none classic");
  });
});
