import { afterEach, describe, expect, it } from "vitest";
import { EnvHttpProxyAgent, getGlobalDispatcher } from "undici";
import { installNetworkDispatcher } from "./network.js";

const saved = process.env["HTTPS_PROXY"];
afterEach(() => {
  if (saved === undefined) delete process.env["HTTPS_PROXY"];
  else process.env["HTTPS_PROXY"] = saved;
});

describe("installNetworkDispatcher", () => {
  it("installs an EnvHttpProxyAgent once; same options keep it, new CAs or proxy variables replace it", () => {
    installNetworkDispatcher();
    const first = getGlobalDispatcher();
    expect(first).toBeInstanceOf(EnvHttpProxyAgent);
    installNetworkDispatcher();
    expect(getGlobalDispatcher()).toBe(first);

    installNetworkDispatcher({ extraCaPem: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"] });
    const second = getGlobalDispatcher();
    expect(second).not.toBe(first);
    installNetworkDispatcher({ extraCaPem: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"] });
    expect(getGlobalDispatcher()).toBe(second);

    process.env["HTTPS_PROXY"] = "http://127.0.0.1:9";
    installNetworkDispatcher({ extraCaPem: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"] });
    expect(getGlobalDispatcher()).not.toBe(second);
  });
});
