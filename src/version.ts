declare const IBI_ENTRA_VERSION: string;
/** Set by scripts/build.mjs from package.json. */
export const version = typeof IBI_ENTRA_VERSION === "string" ? IBI_ENTRA_VERSION : "0.0.0-dev";
