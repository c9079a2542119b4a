// `cert import`: the password comes from IBI_ENTRA_PFX_PASSWORD or a prompt, and only when the file needs one.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CliErrorCode } from "../../errors.js";
import { expectUsageError, runCli, snapshot } from "../../../../test/cli.test-support.js";
import { tempProfile, writeLegacyEncryptedPem, type TempProfile } from "../../../core/actions/actions.test-support.js";
import { IbiError } from "../../../core/errors.js";
import { cliImportPassword } from "./import.js";

// The prompt itself is the terminal's business: here only whether and how it is asked.
const prompt = vi.hoisted(() => ({ tty: false, asked: [] as string[] }));
vi.mock("../../prompt.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../prompt.js")>();
  return {
    ...real,
    canPrompt: () => prompt.tty,
    promptHidden: async (label: string, env: string) => {
      prompt.asked.push(label);
      // without a terminal the real one refuses, naming the variable to set
      if (!prompt.tty) throw new IbiError<CliErrorCode>("no_tty", `${label} is needed, and there is no terminal to ask on`, { hint: `set ${env}` });
      return "typed";
    },
  };
});

describe("cliImportPassword", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("takes IBI_ENTRA_PFX_PASSWORD for a PFX and for an encrypted key", async () => {
    vi.stubEnv("IBI_ENTRA_PFX_PASSWORD", "from-env");
    expect(await cliImportPassword("pfx")).toBe("from-env");
    expect(await cliImportPassword("key")).toBe("from-env");
  });

  it("asks on a terminal, naming what it asks for", async () => {
    vi.stubEnv("IBI_ENTRA_PFX_PASSWORD", undefined);
    prompt.tty = true;
    prompt.asked = [];
    expect(await cliImportPassword("pfx")).toBe("typed");
    expect(await cliImportPassword("key")).toBe("typed");
    expect(prompt.asked).toEqual(["PFX password", "Private key password"]);
  });

  it("without a terminal tries a PFX without a password, and names the variable for an encrypted key", async () => {
    vi.stubEnv("IBI_ENTRA_PFX_PASSWORD", undefined);
    prompt.tty = false;
    prompt.asked = [];
    expect(await cliImportPassword("pfx")).toBeUndefined();
    expect(prompt.asked).toEqual([]);
    await expect(cliImportPassword("key")).rejects.toMatchObject({ code: "no_tty", hint: "set IBI_ENTRA_PFX_PASSWORD" });
  });
});

describe("ibi-entra cert import (built CLI)", () => {
  let t: TempProfile;
  beforeAll(() => {
    t = tempProfile("ibi-cli-import-");
  });
  afterAll(() => t.remove());

  it("imports a legacy-encrypted PEM with IBI_ENTRA_PFX_PASSWORD, and refuses it without, changing nothing", async () => {
    const pem = writeLegacyEncryptedPem(t.home, "legacy-pw");
    const before = snapshot(t.home);
    expectUsageError(await runCli(["cert", "import", pem.file], { env: t.env }), /Private key password is needed/);
    expect(snapshot(t.home)).toEqual(before);
    const r = await runCli(["cert", "import", pem.file, "--json"], { env: { ...t.env, IBI_ENTRA_PFX_PASSWORD: "legacy-pw" } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ thumbprintSha1: pem.thumbprintSha1, active: true });
  });
});
