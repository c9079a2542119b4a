import { render } from "ink-testing-library";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { fieldError } from "../tui/state/view-model.js";
import { TextField } from "./TextField.js";
import { KEY, plain, press, typeText } from "./ink.test-support.js";

function Harness({ focused = true }: { focused?: boolean }) {
  const [v, setV] = useState("");
  const [submitted, setSubmitted] = useState("");
  return (
    <>
      <TextField label="Tenant ID" value={v} focused={focused} onChange={setV} onSubmit={setSubmitted} error={fieldError("tenantId", v)} />
      {submitted ? <TextField label="submitted" value={submitted} focused={false} onChange={() => {}} /> : null}
    </>
  );
}

describe("TextField", () => {
  it("shows the validation message under the field while typing and clears it when valid", async () => {
    const r = render(<Harness />);
    const { stdin, lastFrame } = r;
    await typeText(r, "contoso");
    let f = plain(lastFrame());
    expect(f).toContain("› Tenant ID");
    expect(f).toContain("contoso");
    expect(f).toMatch(/✗ Tenant ID "contoso" is not valid/);
    await typeText(r, ".onmicrosoft.com");
    f = plain(lastFrame());
    expect(f).not.toContain("✗");
    await press(stdin, KEY.enter);
    expect(plain(lastFrame())).toContain("submitted       contoso.onmicrosoft.com");
  });

  it("applies Backspaces that arrive in one chunk instead of inserting them", async () => {
    const r = render(<Harness />);
    await typeText(r, "contoso.onmicrosoft.comXYZ");
    await press(r, "\x7f\x7f\x7f");
    expect(plain(r.lastFrame())).toContain("Tenant ID       contoso.onmicrosoft.com");
    expect(plain(r.lastFrame())).not.toContain("✗");
  });

  it("ignores keys when not focused and says an empty field is not set", async () => {
    const { stdin, lastFrame } = render(<Harness focused={false} />);
    await press(stdin, "a", "b", "c");
    const f = plain(lastFrame());
    expect(f).toContain("  Tenant ID       (not set)");
    expect(f).not.toContain("abc");
  });

  it("masks a secret", async () => {
    const r = render(<TextFieldMasked />);
    const { lastFrame } = r;
    await typeText(r, "hunter2");
    expect(plain(lastFrame())).toContain("*******");
    expect(plain(lastFrame())).not.toContain("hunter2");
  });
});

function TextFieldMasked() {
  const [v, setV] = useState("");
  return <TextField label="Password" value={v} focused onChange={setV} mask="*" />;
}
