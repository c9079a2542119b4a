// The new-vault passphrase rule in the words a dialog shows as the user types (core enforces the same rule).
import { checkNewPassphrase } from "../core/store/secret-store/vault-store.js";

export function newPassphraseProblem(value: string): true | string {
  if (value === "") return "the passphrase is empty";
  return checkNewPassphrase(value);
}
