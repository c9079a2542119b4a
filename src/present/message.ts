/** One line the admin reads after an action (the dashboard's message line), with the fix on the next line. */
export interface Message {
  kind: "ok" | "error" | "info" | "warn";
  text: string;
  hint?: string;
}
