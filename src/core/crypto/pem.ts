// PEM framing (RFC 7468): splitting a text into its BEGIN/END blocks and writing DER as PEM; telling DER from text.

export interface PemBlock {
  label: string;
  /** The whole block including BEGIN/END lines and headers (what node:crypto parses). */
  text: string;
  /** Base64-decoded body (headers such as Proc-Type skipped). */
  der: Buffer;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const body = (m[2] ?? "")
      .split(/\r?\n/)
      .filter((line) => !line.includes(":"))
      .join("");
    blocks.push({ label: m[1] ?? "", text: m[0], der: Buffer.from(body, "base64") });
  }
  return blocks;
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** A DER-encoded ASN.1 SEQUENCE starts with 0x30 (what certificates and PFX files are). */
export function isDerSequence(b: Buffer): boolean {
  return b.length > 2 && b[0] === 0x30;
}
