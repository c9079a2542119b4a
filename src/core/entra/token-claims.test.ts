import { describe, expect, it } from "vitest";
import { decodeJwtPayload, judgeGrant, tokenRoles } from "./token-claims.js";

function jwt(payload: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "RS256", typ: "JWT" })}.${b64(payload)}.c2ln`;
}

describe("token claims", () => {
  it("decodes the payload without validating and reads roles", () => {
    const t = jwt({ aud: "https://graph.microsoft.com", roles: ["User.Read.All", "Device.Read.All", 7] });
    expect(decodeJwtPayload(t)?.["aud"]).toBe("https://graph.microsoft.com");
    expect(tokenRoles(t)).toEqual(["User.Read.All", "Device.Read.All"]);
  });

  it("no roles claim (no consent) and garbage give no roles", () => {
    expect(tokenRoles(jwt({ aud: "x" }))).toEqual([]);
    expect(tokenRoles("not-a-jwt")).toEqual([]);
    expect(tokenRoles("a.!!!.c")).toEqual([]);
    expect(decodeJwtPayload(`a.${Buffer.from("[1]").toString("base64url")}.c`)).toBeNull();
  });

  it("judges exact grants and broader covering permissions", () => {
    expect(judgeGrant("User.Read.All", ["User.Read.All"])).toEqual({ granted: true, coveredBy: null });
    expect(judgeGrant("User.Read.All", ["user.read.all"])).toEqual({ granted: true, coveredBy: null });
    expect(judgeGrant("Device.Read.All", ["Directory.Read.All"])).toEqual({ granted: false, coveredBy: "Directory.Read.All" });
    expect(judgeGrant("GroupMember.Read.All", ["Group.Read.All"])).toEqual({ granted: false, coveredBy: "Group.Read.All" });
    expect(judgeGrant("GroupMember.Read.All", ["Directory.ReadWrite.All", "Group.ReadWrite.All"])).toEqual({ granted: false, coveredBy: "Group.ReadWrite.All" });
    expect(judgeGrant("User.Read.All", ["Group.Read.All", "User.ReadBasic.All"])).toEqual({ granted: false, coveredBy: null });
    expect(judgeGrant("Device.Read.All", [])).toEqual({ granted: false, coveredBy: null });
  });
});
