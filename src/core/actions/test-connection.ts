// "Test connection": the check of the profile's saved settings with its active certificate (the engine and the
// profile's validation live in core/entra; register's final check runs the same function).
export { missingForCheck, testConnection, type ConnectionOptions } from "../entra/profile-check.js";
