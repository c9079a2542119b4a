// Test support only: a client-auth certificate made by the product's own generator, shaped like the check's input.
import { generateCertificate } from "../crypto/generate.js";
import { describeCertificate } from "../crypto/x509.js";
import type { CheckCertificate } from "./types.js";

export async function makeTestCertificate(days = 365): Promise<CheckCertificate> {
  const { certPem, keyPem } = await generateCertificate({ subject: "CN=IBI-aws check test", days });
  const info = describeCertificate(certPem);
  return {
    certPem,
    keyPem,
    thumbprintSha1: info.thumbprintSha1,
    thumbprintSha256: info.thumbprintSha256,
    notAfter: info.notAfter,
    daysLeft: info.daysLeft,
  };
}
