// Routes the global fetch (which msal-node and the Graph client both use on Node 20) through undici's
// EnvHttpProxyAgent, so HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply: msal 5+ has no proxy option and Node 20's
// fetch ignores these variables. Private CAs given by NODE_EXTRA_CA_CERTS work by default (Node's TLS reads them
// at start-up); `extraCaPem` adds CAs in-process, which tests need because that variable is read only once.
import fs from "node:fs";
import { createRequire } from "node:module";
import tls from "node:tls";
import type { Dispatcher } from "undici";

// undici is required only when a command goes on the network: loading it costs ~15 ms of start-up.
const loadUndici = () => createRequire(import.meta.url)("undici") as typeof import("undici");

export interface NetworkDispatcherOptions {
  /** PEM certificates of extra trusted CAs, added to Node's bundled roots (and NODE_EXTRA_CA_CERTS) */
  extraCaPem?: string[];
}

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"] as const;

let installed: { key: string; agent: Dispatcher } | null = null;

/** The PEM text of NODE_EXTRA_CA_CERTS, which an explicit `ca` list would otherwise drop. */
function nodeExtraCaCerts(): string[] {
  const file = process.env["NODE_EXTRA_CA_CERTS"];
  if (!file) return [];
  try {
    return [fs.readFileSync(file, "utf8")];
  } catch {
    return []; // Node itself only warns about an unreadable file
  }
}

/**
 * Installs the global dispatcher. Idempotent: a second call with the same options and the same proxy variables
 * keeps the installed one (and its pooled connections); a change replaces it.
 */
export function installNetworkDispatcher(opts: NetworkDispatcherOptions = {}): void {
  const extra = opts.extraCaPem ?? [];
  const key = JSON.stringify([extra, PROXY_VARIABLES.map((v) => process.env[v] ?? null)]);
  if (installed?.key === key) return;

  const { EnvHttpProxyAgent, setGlobalDispatcher } = loadUndici();
  let agent: Dispatcher;
  if (extra.length === 0) {
    agent = new EnvHttpProxyAgent();
  } else {
    const ca = [...tls.rootCertificates, ...nodeExtraCaCerts(), ...extra];
    // EnvHttpProxyAgent hands these options to both its direct Agent (which uses `connect`) and its ProxyAgents
    // (which use `requestTls` for the tunnelled TLS to the target and `proxyTls` for an https:// proxy).
    agent = new EnvHttpProxyAgent({ connect: { ca }, requestTls: { ca }, proxyTls: { ca } });
  }
  const previous = installed?.agent;
  setGlobalDispatcher(agent);
  installed = { key, agent };
  // let requests still running on the old dispatcher finish
  previous?.close().catch(() => undefined);
}

/** Closes the installed dispatcher's idle keep-alive connections so a one-shot command exits at once. */
export async function closeNetworkDispatcher(): Promise<void> {
  const agent = installed?.agent;
  installed = null;
  await agent?.close().catch(() => undefined);
}
