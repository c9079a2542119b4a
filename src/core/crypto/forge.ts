// Lazy access to node-forge and the "binary string" conversions its API needs. node-forge is only ever loaded by a
// dynamic import from here (type-only imports elsewhere), so that start-up does not pay for it. Only its ASN.1
// module is needed for generation and CMS; loading it alone costs a fraction of the whole library (which also
// initialises TLS, ciphers, prime search, ...).
import type * as Forge from "node-forge";

export type ForgeAsn1 = typeof Forge.asn1;
export type Asn1Node = Forge.asn1.Asn1;

export async function loadAsn1(): Promise<ForgeAsn1> {
  // @ts-expect-error -- the sub-module has no typings of its own; its export is forge.asn1
  const mod = (await import("node-forge/lib/asn1.js")) as { default?: ForgeAsn1 };
  return (mod.default ?? mod) as ForgeAsn1;
}

export async function loadForge(): Promise<typeof Forge> {
  const mod = (await import("node-forge")) as unknown as { default?: typeof Forge };
  return (mod.default ?? mod) as typeof Forge;
}

/** forge's fromDer takes an options object too; its typings only know the `strict` flag. */
export function fromDerWithOptions(
  asn1: ForgeAsn1,
  bytes: string,
  options: { strict?: boolean; parseAllBytes?: boolean; decodeBitStrings?: boolean },
): Asn1Node {
  return (asn1.fromDer as unknown as (b: string, o: object) => Asn1Node)(bytes, options);
}

/** forge works on "binary strings" (one char per byte). */
export const toBinary = (b: Uint8Array): string => Buffer.from(b).toString("latin1");
export const fromBinary = (s: string): Buffer => Buffer.from(s, "latin1");

/** Value of an OCTET STRING, joining the chunks of a BER constructed encoding. */
export function octetStringBytes(node: Asn1Node): string {
  if (typeof node.value === "string") return node.value;
  return node.value.map(octetStringBytes).join("");
}
