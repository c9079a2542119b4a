// Text that came from the network (STS descriptions, Graph error messages, socket errors) goes into messages a
// terminal prints: strip control characters (ESC sequences could rewrite the screen) and bidi overrides.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One printable line: line breaks and tabs become spaces, other control characters are dropped, length bounded. */
export function stripControl(value: string, max = 400): string {
  const clean = value
    .replace(/[\r\n\t]+/g, " ")
    .replace(CONTROL, "")
    .replace(/ {2,}/g, " ")
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A URL for messages: no credentials, query or fragment. */
export function safeUrl(value: string): string {
  try {
    const u = new URL(value);
    return stripControl(`${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`);
  } catch {
    return "(invalid URL)";
  }
}

/** "host[:port]" of a URL, for messages. */
export function hostOf(value: string): string {
  try {
    return stripControl(new URL(value).host);
  } catch {
    return stripControl(value, 80);
  }
}
