import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { CertificateList } from "./CertificateList.js";
import { certificate } from "./fixtures.test-support.js";
import { ThemeProvider, makeTheme } from "./Theme.js";
import { plain } from "./ink.test-support.js";

const list = [
  certificate(),
  certificate({ active: false, subject: "CN=old", thumbprintSha1: "00112233445566778899AABBCCDDEEFF00112233", thumbprintSha256: "CD".repeat(32), daysLeft: 12, notAfter: "2025-02-01T00:00:00.000Z" }),
  certificate({ active: false, subject: "CN=gone", thumbprintSha1: "FFEEDDCCBBAA99887766554433221100FFEEDDCC", thumbprintSha256: "EF".repeat(32), daysLeft: -3, notAfter: "2024-12-01T00:00:00.000Z" }),
];

describe("CertificateList", () => {
  it("shows subject, full SHA-1, expiry, days left and the active one at 100 columns", () => {
    const f = plain(render(<CertificateList certificates={list} selected={1} focused width={100} />).lastFrame());
    const lines = f.split("\n");
    expect(lines[0]).toMatch(/Subject\s+SHA-1 thumbprint\s+Expires\s+Days left/);
    expect(lines[1]).toMatch(/^ {2}● CN=IBI-helpMe\s+3F2A1B4C5D6E7F8091A2B3C4D5E6F708192A3B4C 2027-01-01\s+400\s+active$/);
    // warning by symbol, not colour alone; the selection has a pointer
    expect(lines[2]).toMatch(/^› ○ CN=old\s+00112233445566778899AABBCCDDEEFF00112233 2025-02-01\s+⚠ 12$/);
    expect(lines[3]).toMatch(/✗ expired/);
  });

  it("keeps the whole SHA-1 at 80 columns (to compare with the portal) and still fits", () => {
    const f = plain(render(<CertificateList certificates={list} selected={0} focused width={80} />).lastFrame());
    for (const line of f.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    expect(f).toContain(`${list[0]!.thumbprintSha1} 2027-01-01`);
    expect(f).toMatch(/● CN=IBI-helpMe/);
  });

  it("shortens the thumbprint only on a very narrow terminal", () => {
    const f = plain(render(<CertificateList certificates={list} selected={0} focused width={60} />).lastFrame());
    for (const line of f.split("\n")) expect(line.length).toBeLessThanOrEqual(60);
    expect(f).toMatch(/[0-9A-F]+… 2027-01-01/);
  });

  it("scrolls to keep the selection visible", () => {
    const f = plain(render(<CertificateList certificates={list} selected={2} focused width={100} maxRows={2} />).lastFrame());
    expect(f).not.toContain("CN=IBI-helpMe");
    expect(f).toContain("CN=gone");
    expect(f).toContain("3 of 3");
  });

  it("can carry the section title in its heading row", () => {
    const f = plain(render(<CertificateList title="Certificates" certificates={list} selected={0} focused={false} width={100} />).lastFrame());
    expect(f.split("\n")[0]).toMatch(/^Certificates {10}SHA-1 thumbprint\s+Expires\s+Days left$/);
  });

  it("says how to get a first certificate", () => {
    expect(plain(render(<CertificateList certificates={[]} selected={0} focused width={80} />).lastFrame())).toContain("press g to Generate");
  });

  it("uses ASCII marks on a dumb terminal", () => {
    const f = plain(
      render(
        <ThemeProvider theme={makeTheme({ color: false, ascii: true })}>
          <CertificateList certificates={list} selected={0} focused width={100} />
        </ThemeProvider>,
      ).lastFrame(),
    );
    expect(f).toMatch(/> \* CN=IBI-helpMe/);
    expect(f).toContain("! 12");
    expect(f).toContain("x expired");
  });
});
