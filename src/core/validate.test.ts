import { describe, expect, it } from "vitest";
import { normaliseHost, printable, validateApplicationId, validateCloud, validateHttpsHost, validateTenantId } from "./validate.js";

describe("validateTenantId", () => {
  it.each(["11111111-1111-1111-1111-111111111111", "contoso.onmicrosoft.com", "CONTOSO.com", "a-b.example.de"])("accepts %s", (v) => {
    expect(validateTenantId(v)).toBe(true);
  });
  it.each([
    ["", /Tenant ID is empty/],
    ["contoso", /Tenant ID "contoso" is not valid: .*GUID.*contoso.onmicrosoft.com/],
    ["1111-2222", /is not valid/],
    ["common", /Tenant ID "common" is not valid/],
    ["-bad.example.com", /is not valid/],
    ["contoso.onmicrosoft.com/evil", /is not valid/],
  ])("rejects %j naming the field", (v, msg) => {
    expect(validateTenantId(v)).toMatch(msg);
  });
});

describe("validateApplicationId", () => {
  it("accepts a GUID in either case", () => {
    expect(validateApplicationId("ABCDEF01-2345-6789-abcd-ef0123456789")).toBe(true);
  });
  it("rejects anything else with the field name", () => {
    expect(validateApplicationId("contoso.onmicrosoft.com")).toMatch(/^Application ID ".*" is not valid: use the Application \(client\) ID, a GUID/);
    expect(validateApplicationId(" ")).toMatch(/Application ID is empty/);
  });
});

describe("validateCloud and hosts", () => {
  it("lists the accepted clouds", () => {
    expect(validateCloud("usgov")).toBe(true);
    expect(validateCloud("azure")).toBe('cloud "azure" is not valid: use one of global, usgov, usgovdod, china');
  });
  it("accepts only bare https origins", () => {
    expect(validateHttpsHost("Graph host", "https://127.0.0.1:8443")).toBe(true);
    expect(validateHttpsHost("Graph host", "http://graph.microsoft.com")).toMatch(/Graph host .* only https/);
    expect(validateHttpsHost("Graph host", "https://graph.microsoft.com/v1.0")).toMatch(/only the scheme, host and optional port/);
    expect(validateHttpsHost("Graph host", "https://user:pw@graph.microsoft.com")).toMatch(/only the scheme/);
    expect(validateHttpsHost("Graph host", "graph")).toMatch(/is not valid: use an https URL/);
    expect(normaliseHost("https://Graph.Microsoft.com:443/")).toBe("https://graph.microsoft.com");
  });
});

describe("printable", () => {
  it("neutralises control characters so input cannot drive the terminal", () => {
    expect(printable("a\u001b[2Jb\u0007")).toBe("a?[2Jb?");
    expect(printable("x".repeat(100), 10)).toBe(`${"x".repeat(10)}…`);
  });
  it("shows bidi controls, zero-width and other format characters escaped", () => {
    expect(printable("abc\u202Egpj.exe")).toBe("abc\\u202egpj.exe");
    expect(printable("a\u200Eb\u200Fc\u202Ad\u2066e\u2069f")).toBe("a\\u200eb\\u200fc\\u202ad\\u2066e\\u2069f");
    expect(printable("a\u200Bb\uFEFFc\u2028d\u{E0041}e")).toBe("a\\u200bb\\ufeffc\\u2028d\\u{e0041}e");
    expect(printable("Zürich ✓")).toBe("Zürich ✓");
  });
});
