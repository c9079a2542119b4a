// Error codes only the dashboard throws; core's codes are CoreErrorCode.
import type { CoreErrorCode } from "../../core/errors.js";

export type DashboardErrorCode = "demo_state" | "file_exists" | "passphrase_cancelled" | "unreadable_file";

export type DashboardThrownCode = DashboardErrorCode | CoreErrorCode;
