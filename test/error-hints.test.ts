// Every usage error (exit 2, IbiError's default) tells the admin what to do: each `new IbiError(...)` in src/ is
// read off the syntax tree, and one without exitCode (or with ExitCode.usage) must pass a `hint` or `next`.
// Checked on the source because most of these paths are never reached by a test run.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");

/** Known exceptions, each with its reason. */
const ALLOWED: Record<string, string> = {
  // the admin cancelled the dashboard's passphrase dialog: nothing to fix
  passphrase_cancelled: "a cancel, not a mistake",
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test(-support)?\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** "file:line code" of each usage IbiError without a hint or next step. */
function usageErrorsWithoutHint(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "IbiError") {
      const [code, , options] = node.arguments ?? [];
      const codeText = code && ts.isStringLiteralLike(code) ? code.text : (code?.getText(sf) ?? "?");
      let ok = false;
      if (options && ts.isObjectLiteralExpression(options)) {
        const names = options.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : ts.isSpreadAssignment(p) ? "..." : ""));
        const exit = options.properties.find((p) => p.name?.getText(sf) === "exitCode");
        const usage = !exit || (ts.isPropertyAssignment(exit) && exit.initializer.getText(sf) === "ExitCode.usage");
        ok = !usage || names.includes("hint") || names.includes("next") || names.includes("...");
      } else if (options) {
        ok = true; // options built elsewhere (a variable): not judged here
      }
      if (!ok && !(codeText in ALLOWED)) out.push(`${relative(SRC, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1} ${codeText}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe("usage errors carry a hint", () => {
  it("finds a usage error without a hint, and accepts one with a hint, next steps or another exit code", () => {
    const sample = [
      `throw new IbiError("a_code", "bad");`,
      `throw new IbiError("b_code", "bad", { cause: e });`,
      `throw new IbiError("c_code", "bad", { hint: "do this" });`,
      `throw new IbiError("d_code", "bad", { next: [{ action: "listCertificates" }] });`,
      `throw new IbiError("e_code", "down", { exitCode: ExitCode.network });`,
      `throw new IbiError("f_code", "bad", { exitCode: ExitCode.usage });`,
    ].join("\n");
    expect(usageErrorsWithoutHint(join(SRC, "x.ts"), sample)).toEqual(["x.ts:1 a_code", "x.ts:2 b_code", "x.ts:6 f_code"]);
  });

  it("holds for every IbiError in src/", () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(50);
    const missing = files.flatMap((f) => usageErrorsWithoutHint(f, readFileSync(f, "utf8")));
    expect(missing).toEqual([]);
  });
});
