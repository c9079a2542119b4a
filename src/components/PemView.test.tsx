import { render } from "ink-testing-library";
import { describe, expect, it, vi } from "vitest";
import { PemView } from "./PemView.js";
import { KEY, plain, press } from "./ink.test-support.js";

describe("PemView", () => {
  it("shows the PEM, copies on c, closes on Esc", async () => {
    const onCopy = vi.fn();
    const onClose = vi.fn();
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const { stdin, lastFrame } = render(<PemView title="Public key" pem={pem} onCopy={onCopy} onClose={onClose} />);
    expect(plain(lastFrame())).toContain("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
    await press(stdin, "c");
    expect(onCopy).toHaveBeenCalledOnce();
    await press(stdin, KEY.esc);
    expect(onClose).toHaveBeenCalledOnce();
  });
});
