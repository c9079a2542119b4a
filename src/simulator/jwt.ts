// Just enough JWS for the simulator: parse a compact JWT, verify PS256/RS256 with node:crypto, sign RS256.
import crypto from "node:crypto";

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function jsonPart(part: string): Record<string, unknown> | undefined {
  if (!B64URL.test(part)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits and decodes a compact JWS; undefined when it is not one. Does not verify anything. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const header = jsonPart(h);
  const payload = jsonPart(p);
  if (!header || !payload || !B64URL.test(s) || s === "") return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, "base64url") };
}

export type JwsAlg = "PS256" | "RS256";

export function verifyJws(alg: JwsAlg, key: crypto.KeyObject, signingInput: string, signature: Buffer): boolean {
  try {
    const data = Buffer.from(signingInput, "ascii");
    if (alg === "PS256") {
      return crypto.verify("sha256", data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST }, signature);
    }
    return crypto.verify("sha256", data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false; // e.g. an EC key in the uploaded certificate
  }
}

export function signRs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: crypto.KeyObject): string {
  const h = Buffer.from(JSON.stringify({ typ: "JWT", alg: "RS256", ...header })).toString("base64url");
  const p = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const sig = crypto.sign("sha256", Buffer.from(`${h}.${p}`, "ascii"), { key, padding: crypto.constants.RSA_PKCS1_PADDING });
  return `${h}.${p}.${sig.toString("base64url")}`;
}

/** x5t#S256 and x5t of a certificate: base64url of the SHA-256 / SHA-1 of its DER. */
export function certThumbprints(der: Buffer): { x5tS256: string; x5t: string; sha1Hex: string } {
  const sha1 = crypto.createHash("sha1").update(der).digest();
  return {
    x5tS256: crypto.createHash("sha256").update(der).digest("base64url"),
    x5t: sha1.toString("base64url"),
    sha1Hex: sha1.toString("hex").toUpperCase(),
  };
}
