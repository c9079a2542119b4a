import { AuthError, ServerError } from "@azure/msal-node";
import { describe, expect, it } from "vitest";
import {
  aadstsOf,
  describeTransportError,
  diagnoseAadsts,
  diagnoseAadstsAnswer,
  diagnoseDeviceCodeError,
  diagnoseSignInError,
  isTransportError,
  proxyFor,
  type AdminSignInContext,
  type SignInContext,
} from "./diagnose.js";

const ctx: SignInContext = {
  tenantId: "11111111-1111-1111-1111-111111111111",
  applicationId: "22222222-2222-2222-2222-222222222222",
  cloud: "global",
  authorityHost: "https://login.microsoftonline.com",
  graphHost: "https://graph.microsoft.com",
  thumbprintSha1: "30ddf1a2b3c4d5e6f708192a3b4c5d6e7f809102",
  timeoutMs: 15_000,
};

// What msal-common's ResponseHandler builds from an STS error body (errorNo is a number at runtime).
function stsError(n: number, error: string, status: number, text: string): ServerError {
  const description = `AADSTS${n}: ${text}\r\nTrace ID: 0f0e Correlation ID: abcd Timestamp: 2026-01-01 00:00:00Z`;
  const errString = `Error(s): ${n} - Timestamp: 2026-01-01 00:00:00Z - Description: ${description} - Correlation ID: abcd - Trace ID: 0f0e`;
  return new ServerError(error, "abcd", errString, undefined, n as unknown as string, status);
}

describe("diagnoseSignInError: AADSTS codes from msal ServerError", () => {
  it("700027 names the certificate upload step and shows the active SHA-1 thumbprint", () => {
    const d = diagnoseSignInError(
      stsError(700027, "invalid_client", 401, "Client assertion contains an invalid signature. [Reason - The key was not found.]"),
      ctx,
    );
    expect(d.code).toBe("AADSTS700027");
    expect(d.message).toContain("The key was not found");
    expect(d.message).not.toContain("Trace ID");
    expect(d.hint).toContain("Setup certificate authentication");
    expect(d.hint).toContain("30DDF1A2B3C4D5E6F708192A3B4C5D6E7F809102");
  });

  it("700016: wrong Application ID or tenant", () => {
    const d = diagnoseSignInError(stsError(700016, "unauthorized_client", 400, "Application with identifier 'x' was not found in the directory 'y'."), ctx);
    expect(d.code).toBe("AADSTS700016");
    expect(d.message).toContain(ctx.applicationId);
    expect(d.hint).toContain("Determine Tenant ID and Application ID");
    expect(d.hint).toContain("Tenant ID");
  });

  it("90002 is tenant_not_found, 900023 a malformed tenant", () => {
    expect(diagnoseSignInError(stsError(90002, "invalid_request", 400, "Tenant 'x' not found."), ctx).code).toBe("tenant_not_found");
    const m = diagnoseSignInError(stsError(900023, "invalid_request", 400, "Specified tenant identifier 'x' is neither a valid DNS name, nor a valid external domain."), ctx);
    expect(m.code).toBe("AADSTS900023");
    expect(m.hint).toContain("Directory (tenant) ID");
  });

  it("700024 is clock_skew and reports the measured skew", () => {
    const d = diagnoseSignInError(stsError(700024, "invalid_client", 400, "Client assertion is not within its valid time range."), { ...ctx, skewSeconds: 600 });
    expect(d.code).toBe("clock_skew");
    expect(d.message).toContain("600 seconds behind");
    const ahead = diagnoseSignInError(stsError(700024, "invalid_client", 400, "x"), { ...ctx, skewSeconds: -42 });
    expect(ahead.message).toContain("42 seconds ahead");
    expect(diagnoseSignInError(stsError(700024, "invalid_client", 400, "x"), ctx).message).toContain("could not be compared");
  });

  it("7000112, 53003 and 500011 get their own advice", () => {
    expect(diagnoseSignInError(stsError(7000112, "unauthorized_client", 400, "Application is disabled."), ctx).hint).toContain("Enterprise applications");
    expect(diagnoseSignInError(stsError(53003, "invalid_grant", 400, "Access has been blocked by Conditional Access policies."), ctx).hint).toContain(
      "Conditional Access",
    );
    const r = diagnoseSignInError(stsError(500011, "invalid_resource", 400, "The resource principal named https://graph.microsoft.us was not found."), ctx);
    expect(r.code).toBe("AADSTS500011");
    expect(r.hint).toContain("cloud");
  });

  it("unknown codes are shown verbatim, stripped of control characters", () => {
    const d = diagnoseSignInError(stsError(9999999, "invalid_request", 400, "Something \u001b[2Jnew\u0007 happened."), ctx);
    expect(d.code).toBe("AADSTS9999999");
    expect(d.message).toBe("AADSTS9999999: Something [2Jnew happened.");
    // eslint-disable-next-line no-control-regex
    expect(d.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it("accepts plain objects shaped like msal errors (errorNo as a string or absent)", () => {
    expect(diagnoseSignInError({ errorCode: "invalid_client", errorNo: "700027", errorMessage: "AADSTS700027: bad", status: 401 }, ctx).code).toBe(
      "AADSTS700027",
    );
    expect(aadstsOf({ errorCode: "invalid_client", errorMessage: "Description: AADSTS700016: not found\r\nTrace ID: x" })).toEqual({
      number: 700016,
      description: "AADSTS700016: not found",
    });
  });

  it("throttling and server errors without AADSTS", () => {
    expect(diagnoseSignInError(new ServerError("temporarily_unavailable", "", "busy", undefined, undefined, 429), ctx).code).toBe("throttled");
    expect(diagnoseSignInError(new ServerError("server_error", "", "boom", undefined, undefined, 500), ctx).code).toBe("server_error");
  });

  it("msal client errors keep their errorCode; key errors never echo the key", () => {
    expect(diagnoseSignInError(new AuthError("missing_tenant_id_error", ""), ctx).code).toBe("missing_tenant_id_error");
    const d = diagnoseSignInError(new Error("secretOrPrivateKey must be an asymmetric key when using PS256"), ctx);
    expect(d.code).toBe("invalid_private_key");
    expect(d.hint).toContain("Generate certificate");
  });
});

function fetchFailed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}
function sysError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("describeTransportError", () => {
  const url = "https://login.example.test:8443/t/oauth2/v2.0/token";

  it("DNS failure and refused connections are 'network'", () => {
    const dns = describeTransportError(fetchFailed(sysError("ENOTFOUND", "getaddrinfo ENOTFOUND login.example.test")), url, 15_000);
    expect(dns).toMatchObject({ code: "network" });
    expect(dns!.message).toContain("cannot resolve login.example.test:8443");
    const refused = describeTransportError(
      fetchFailed(new AggregateError([sysError("ECONNREFUSED", "connect ECONNREFUSED ::1:8443"), sysError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:8443")])),
      url,
      15_000,
    );
    expect(refused).toMatchObject({ code: "network" });
    expect(refused!.message).toContain("refused");
  });

  it("untrusted certificates are 'tls' with the NODE_EXTRA_CA_CERTS hint", () => {
    const d = describeTransportError(fetchFailed(sysError("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate")), url, 15_000);
    expect(d).toMatchObject({ code: "tls" });
    expect(d!.hint).toContain("NODE_EXTRA_CA_CERTS");
    expect(describeTransportError(fetchFailed(sysError("SELF_SIGNED_CERT_IN_CHAIN", "x")), url, 1)!.code).toBe("tls");
    expect(describeTransportError(fetchFailed(sysError("ERR_TLS_CERT_ALTNAME_INVALID", "x")), url, 1)!.message).toContain("does not name this host");
  });

  it("AbortSignal.timeout's TimeoutError is 'timeout' and says how long", () => {
    const d = describeTransportError(new DOMException("The operation was aborted due to timeout", "TimeoutError"), url, 15_000);
    expect(d).toMatchObject({ code: "timeout" });
    expect(d!.message).toContain("15 s");
  });

  it("HTTP-level errors are not transport errors", () => {
    expect(isTransportError(new ServerError("invalid_client", "", "AADSTS700027: x"))).toBe(false);
    expect(describeTransportError(new Error("something else"), url, 1)).toBeNull();
  });

  it("names the proxy, not the target, when the connection to the proxy fails", () => {
    const before = process.env["HTTPS_PROXY"];
    process.env["HTTPS_PROXY"] = "http://proxy.example.test:3128";
    try {
      const refused = describeTransportError(fetchFailed(Object.assign(sysError("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.1:3128"), { port: 3128 })), url, 1);
      expect(refused!.message).toBe("the proxy proxy.example.test:3128 (HTTPS_PROXY) refused the connection (ECONNREFUSED)");
      expect(refused!.exitCode).toBe(3);
      const dns = describeTransportError(fetchFailed(Object.assign(sysError("ENOTFOUND", "x"), { hostname: "proxy.example.test" })), url, 1);
      expect(dns!.message).toContain("cannot resolve the proxy proxy.example.test:3128 (HTTPS_PROXY)");
      // a peer that is not the proxy is not blamed on it
      const other = describeTransportError(fetchFailed(Object.assign(sysError("ECONNREFUSED", "x"), { port: 8443 })), url, 1);
      expect(other!.message).toContain("connection to login.example.test:8443 refused");
    } finally {
      if (before === undefined) delete process.env["HTTPS_PROXY"];
      else process.env["HTTPS_PROXY"] = before;
    }
  });

  it("proxyFor chooses the proxy as undici does", () => {
    const t = "https://login.example.test/x";
    expect(proxyFor(t, {})).toBeUndefined();
    expect(proxyFor(t, { HTTPS_PROXY: "http://p:8080" })).toMatchObject({ variable: "HTTPS_PROXY", host: "p", port: 8080 });
    expect(proxyFor(t, { https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:2" })).toMatchObject({ variable: "https_proxy" });
    expect(proxyFor(t, { https_proxy: "", HTTPS_PROXY: "http://upper:2" })).toBeUndefined();
    expect(proxyFor(t, { HTTP_PROXY: "http://p" })).toMatchObject({ variable: "HTTP_PROXY", port: 80 });
    expect(proxyFor(t, { HTTPS_PROXY: "http://p:1", NO_PROXY: "example.test" })).toBeUndefined();
    expect(proxyFor(t, { HTTPS_PROXY: "http://p:1", NO_PROXY: "*" })).toBeUndefined();
    expect(proxyFor(t, { HTTPS_PROXY: "http://p:1", NO_PROXY: "example.test:8443" })).toMatchObject({ variable: "HTTPS_PROXY" });
    expect(proxyFor(t, { HTTPS_PROXY: "http://u:secret@p:1" })!.shown).toBe("http://p:1");
  });

  it("never echoes proxy credentials", () => {
    const before = process.env["HTTPS_PROXY"];
    process.env["HTTPS_PROXY"] = "http://user:s3cret@proxy.example.test:3128";
    try {
      const d = describeTransportError(fetchFailed(sysError("ECONNREFUSED", "x")), url, 1);
      expect(d!.hint).toContain("proxy.example.test:3128");
      expect(d!.hint).not.toContain("s3cret");
    } finally {
      if (before === undefined) delete process.env["HTTPS_PROXY"];
      else process.env["HTTPS_PROXY"] = before;
    }
  });
});

describe("one AADSTS table for both sign-ins", () => {
  // the same tenant, cloud and hosts; only who signs in differs
  const admin: AdminSignInContext = {
    tenantId: ctx.tenantId,
    publicClientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
    cloud: ctx.cloud,
    authorityHost: ctx.authorityHost,
    graphHost: ctx.graphHost,
    timeoutMs: ctx.timeoutMs,
  };

  it.each([
    [90002, "tenant_not_found", 2],
    [900023, "AADSTS900023", 2],
    [700024, "clock_skew", 1],
    [53003, "AADSTS53003", 1],
    [50076, "sign_in_blocked", 1],
    [500011, "AADSTS500011", 1],
    [50196, "AADSTS50196", 1],
    [9999999, "AADSTS9999999", 1],
  ])("AADSTS%i gives the same diagnosis (%s, exit %i) to the check and to register", (n, code, exitCode) => {
    const app = diagnoseAadsts(n, `AADSTS${n}: text`, ctx);
    expect(app).toMatchObject({ code, exitCode });
    expect(app.hint).toBeTruthy();
    expect(diagnoseAadsts(n, `AADSTS${n}: text`, admin)).toEqual(app);
    // and through msal's error object and the device code answer path alike
    expect(diagnoseSignInError(stsError(n, "invalid_request", 400, "text"), admin)).toEqual(diagnoseSignInError(stsError(n, "invalid_request", 400, "text"), ctx));
    expect(diagnoseAadstsAnswer(n, "d", 400, admin)).toEqual(diagnoseAadstsAnswer(n, "d", 400, ctx));
  });

  it("a malformed tenant is told how a tenant is written, not to check the cloud", () => {
    const d = diagnoseAadsts(900023, null, admin);
    expect(d.message).toBe(`tenant "${ctx.tenantId}" is not a valid tenant identifier (AADSTS900023)`);
    expect(d.hint).toContain("contoso.onmicrosoft.com");
    expect(d.hint).not.toContain("cloud");
  });

  it("codes that name the client name the one that signed in", () => {
    const app = diagnoseAadsts(700016, null, ctx);
    const pub = diagnoseAadsts(700016, null, admin);
    expect([app.code, pub.code, app.exitCode, pub.exitCode]).toEqual(["AADSTS700016", "AADSTS700016", 2, 2]);
    expect(app.message).toContain(`application ${ctx.applicationId}`);
    expect(pub.message).toContain(`public client ${admin.publicClientId}`);
    expect(diagnoseAadsts(7000112, null, admin).message).toContain(`the public client ${admin.publicClientId} is disabled`);
    // 700027 is about the app's certificate: an admin's sign-in never sends one, so it is shown verbatim there
    expect(diagnoseAadsts(700027, "AADSTS700027: x", admin)).toMatchObject({ code: "AADSTS700027", message: "AADSTS700027: x" });
    expect(diagnoseAadsts(700027, "AADSTS700027: x", admin).hint).toContain("login.microsoftonline.com/error?code=700027");
  });

  it("an unmapped code on a 5xx answer is a temporary service problem for both", () => {
    for (const c of [ctx, admin]) expect(diagnoseAadstsAnswer(50000, null, 500, c).hint).toContain("temporary service problem");
    expect(diagnoseAadstsAnswer(90002, null, 500, admin).code).toBe("tenant_not_found");
  });

  it("transport failures exit 3, whichever sign-in met them", () => {
    const d = describeTransportError(fetchFailed(sysError("ECONNREFUSED", "x")), "https://h.example/t", 1);
    expect(d).toMatchObject({ code: "network", exitCode: 3 });
  });

  it("the device flow's own OAuth errors", () => {
    expect(diagnoseDeviceCodeError("expired_token", 900)).toMatchObject({ code: "device_code_expired", exitCode: 1 });
    expect(diagnoseDeviceCodeError("expired_token", 900)!.hint).toContain("within 15 minutes");
    expect(diagnoseDeviceCodeError("authorization_declined", 900)).toMatchObject({ code: "authorization_declined" });
    expect(diagnoseDeviceCodeError("access_denied", 900)).toMatchObject({ code: "authorization_declined" });
    expect(diagnoseDeviceCodeError("authorization_pending", 900)).toBeNull();
  });

  it("a key error is the certificate's only for the certificate sign-in", () => {
    const err = new Error("secretOrPrivateKey must be an asymmetric key when using PS256");
    expect(diagnoseSignInError(err, ctx).code).toBe("invalid_private_key");
    expect(diagnoseSignInError(err, admin).code).toBe("sign_in_failed");
  });
});
