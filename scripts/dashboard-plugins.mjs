// esbuild plugins for dist/dashboard.vm.js, the dashboard as one classic script (see src/tui/loader.ts).
// Each rewrites one spot of a dependency and fails the build when that spot is not found (after an upgrade),
// rather than silently shipping a slower or broken bundle.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

function replaceOnce(text, from, to, file) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + from.length) >= 0) throw new Error(`${file}: expected exactly one ${JSON.stringify(from.slice(0, 60))}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** yoga-layout's wasm, instantiated synchronously from the embedded bytes: its emscripten loader would use
 * fetch (which loads Node's bundled undici, ~15-25 ms) and the module awaits it at top level (no script can). */
const yogaSync = {
  name: "yoga-sync",
  setup(build) {
    build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async ({ path }) => {
      const text = await readFile(path, "utf8");
      const m = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(text);
      if (!m || !text.includes("instantiateWasm")) throw new Error(`${path}: embedded wasm or instantiateWasm hook not found`);
      const contents =
        `export const yogaWasmBase64 = ${JSON.stringify(m[1])};\n` +
        text.slice(0, m.index) + `"data:application/octet-stream;base64," + yogaWasmBase64` + text.slice(m.index + m[0].length);
      return { contents, loader: "js" };
    });
    build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, async ({ path }) => {
      const text = await readFile(path, "utf8");
      const contents = replaceOnce(
        replaceOnce(text, "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';", "import loadYoga, { yogaWasmBase64 } from '../binaries/yoga-wasm-base64-esm.js';", path),
        "const Yoga = wrapAssembly(await loadYoga());",
        `const yogaModule = {
  instantiateWasm(imports, receiveInstance) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(yogaWasmBase64, "base64")), imports);
    receiveInstance(instance);
    return instance.exports;
  },
};
loadYoga(yogaModule);
if (!yogaModule.calledRun) throw new Error("yoga-layout did not start synchronously");
const Yoga = wrapAssembly(yogaModule);`,
        path,
      );
      return { contents, loader: "js" };
    });
  },
};

/** Ink's React devtools hook awaits at top level when DEV=true; the loader runs Ink's ES module build then. */
const inkWithoutDevtools = {
  name: "ink-without-devtools",
  setup(build) {
    build.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async ({ path }) => {
      let text = await readFile(path, "utf8");
      text = replaceOnce(text, "await import('./devtools.js');", "throw new Error('DEV=true: load the ES module build of the dashboard');", path);
      text = replaceOnce(text, "? await loadPackageJson()", "? { name: undefined, version: undefined }", path);
      return { contents: text, loader: "js" };
    });
  },
};

/** string-width compiles /^\p{RGI_Emoji}$/v when imported (~15-40 ms); compile it when first needed, and not at
 * all for text that cannot match: every RGI emoji (UTS #51: basic emoji, keycap, flag, tag, modifier and ZWJ
 * sequences) holds a code point with Emoji_Presentation or an emoji presentation selector (U+FE0F). */
const lazyEmojiRegex = {
  name: "lazy-emoji-regex",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async ({ path }) => {
      const text = await readFile(path, "utf8");
      if (!text.includes("RGI_Emoji}$/v")) return undefined; // string-width 7 (under wrap-ansi) has no such regex
      if ((text.match(/rgiEmojiRegex/g) ?? []).length !== 2 || !text.includes("rgiEmojiRegex.test(segment)")) throw new Error(`${path}: rgiEmojiRegex is used in an unexpected way`);
      const contents = replaceOnce(
        text,
        "const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;",
        `let rgiEmojiRegexCompiled;
const mayBeEmojiRegex = /[\\p{Emoji_Presentation}\\uFE0F]/u;
const rgiEmojiRegex = {test: (segment) => mayBeEmojiRegex.test(segment) && (rgiEmojiRegexCompiled ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment)};`,
        path,
      );
      return { contents, loader: "js" };
    });
  },
};

/** Ink turns every cell of every frame (3,000 for 100x30) into text through @alcalzone/ansi-tokenize, which
 * builds sets and arrays per cell even when neighbouring cells share the same style (almost always) or have
 * none: ~10 ms of the first frame. Both spots return at once in those cases, with the result the full path
 * computes (an empty diff for equal styles: every code of `from` is kept and none of `to` is new). */
const ansiTokenizeFastPaths = {
  name: "ansi-tokenize-fast-paths",
  setup(build) {
    build.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/](ansiCodes|diff)\.js$/ }, async ({ path }) => {
      const text = await readFile(path, "utf8");
      const contents = path.endsWith("diff.js")
        ? replaceOnce(
            text,
            "export function diffAnsiCodes(from, to) {\n",
            "export function diffAnsiCodes(from, to) {\n    if (from.length === to.length && from.every((code, i) => code.code === to[i].code && code.endCode === to[i].endCode))\n        return [];\n",
            path,
          )
        : replaceOnce(text, "export function ansiCodesToString(codes) {\n", "export function ansiCodesToString(codes) {\n    if (codes.length === 0)\n        return \"\";\n", path);
      return { contents, loader: "js" };
    });
  },
};

const DYNAMIC_IMPORT_MARK = "__ibi_dynamic_import__:";
const CHUNK_IMPORT_MARK = "__ibi_chunk_import__:";

/** Dynamic imports of the given source files (absolute path -> ES module chunk relative to the script) are left
 * out of the script and load that chunk instead (see rewriteImports). The build fails if one is never seen, so a
 * renamed module cannot silently end up inlined again. */
function dynamicImportsOfChunks(chunks) {
  return {
    name: "dynamic-imports-of-chunks",
    setup(build) {
      const seen = new Set();
      build.onResolve({ filter: /^\./ }, ({ path, kind, resolveDir }) => {
        if (kind !== "dynamic-import") return undefined;
        const source = resolve(resolveDir, path.replace(/\.js$/, ".ts"));
        const chunk = chunks[source];
        if (chunk === undefined) return undefined;
        seen.add(source);
        return { path: CHUNK_IMPORT_MARK + chunk, external: true };
      });
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        const missed = Object.keys(chunks).filter((s) => !seen.has(s));
        if (missed.length > 0) throw new Error(`dashboard script: no dynamic import of ${missed.join(", ")} found`);
      });
    },
  };
}

/** A vm.Script cannot run import() without an experimental flag: external modules that the dashboard imports
 * lazily (msal, node-forge, the keyring addon, ...) go through the loader's import() instead (see rewriteImports). */
function dynamicImportsThroughLoader(external) {
  return {
    name: "dynamic-imports-through-loader",
    setup(build) {
      build.onResolve({ filter: /.*/ }, ({ path, kind }) => {
        if (kind !== "dynamic-import") return undefined;
        const isExternal = path.startsWith("node:") || external.some((e) => path === e || path.startsWith(`${e}/`));
        return isExternal ? { path: DYNAMIC_IMPORT_MARK + path, external: true } : undefined;
      });
    },
  };
}

/** esbuild wraps each `import x from "node:process"` (15 in Ink) in its own copy of the module's properties
 * (__toESM): one copy per module and mode is enough, as with ES module namespaces (which are read-only). */
function shareModuleWrappers(code) {
  const helpers = code.match(/var __toESM ?= ?\(mod, ?isNodeMode, ?target\) ?=>/g);
  const at = code.search(/var __toCommonJS ?=/);
  if (helpers?.length !== 1 || at < 0) throw new Error("dashboard script: esbuild's __toESM helper not found");
  return (
    code.slice(0, at) +
    `var __toESMCopies = [new WeakMap(), new WeakMap()], __toESMCopy = __toESM;
__toESM = (mod, isNodeMode) => {
  if (mod === null || (typeof mod !== "object" && typeof mod !== "function")) return __toESMCopy(mod, isNodeMode);
  const copies = __toESMCopies[isNodeMode ? 1 : 0];
  let copy = copies.get(mod);
  if (!copy) copies.set(mod, (copy = __toESMCopy(mod, isNodeMode)));
  return copy;
};
` +
    code.slice(at)
  );
}

/** Turns the marked import("...") calls into __ibiImport("...") (chunks: resolved against the script's own URL);
 * fails if any other import() is left. */
export function rewriteImports(code) {
  const out = shareModuleWrappers(code)
    .replace(/\bimport\(\s*"__ibi_dynamic_import__:([^"]+)"\s*\)/g, (_, spec) => `__ibiImport(${JSON.stringify(spec)})`)
    .replace(/\bimport\(\s*"__ibi_chunk_import__:([^"]+)"\s*\)/g, (_, chunk) => `__ibiImport(new URL(${JSON.stringify(chunk)}, __ibiImportMetaUrl).href)`);
  const left = /\bimport\s*\(/.exec(out.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""'));
  if (left) throw new Error(`dashboard script: an import() is left near ${JSON.stringify(out.slice(left.index - 80, left.index + 80))}`);
  return out;
}

export function dashboardScriptPlugins(external, chunks = {}) {
  return [yogaSync, inkWithoutDevtools, lazyEmojiRegex, ansiTokenizeFastPaths, dynamicImportsOfChunks(chunks), dynamicImportsThroughLoader(external)];
}
