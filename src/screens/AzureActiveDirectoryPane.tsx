// The guide's "Azure Active Directory" fields: Tenant ID, Application ID (validated as you type) and the cloud.
// Enter in a field is the dashboard's keymap's (it moves to the next control).
import { Box, Text } from "ink";
import { Button } from "../components/Button.js";
import { ChoiceField } from "../components/ChoiceField.js";
import { TextField } from "../components/TextField.js";
import type { LineEditor } from "../components/use-line-edit.js";
import type { FocusId, FormValues } from "../tui/state/view-model.js";

export interface AzureActiveDirectoryPaneProps {
  form: FormValues;
  /** the login host in use (the cloud's, or the saved override) */
  authorityHost: string;
  errors: { tenantId?: string; applicationId?: string };
  focus: FocusId | undefined;
  /** false: the focused field was left with Esc (no cursor; shortcuts work) */
  editing: boolean;
  /** the screen routes keys to the fields itself (each key of a burst to the field focused at that key) */
  editors: Record<"tenantId" | "applicationId", LineEditor>;
}

const LABEL_WIDTH = 16;

/** Rows the pane takes at `width`: title, two fields, the cloud, and each field's error wrapped under it. */
export function azureActiveDirectoryPaneRows(errors: { tenantId?: string; applicationId?: string }, width: number): number {
  const errorRows = (e?: string) => (e ? Math.ceil((2 + e.length) / Math.max(1, width - 2 - LABEL_WIDTH)) : 0);
  return 4 + errorRows(errors.tenantId) + errorRows(errors.applicationId);
}

const ignore = () => {};

export function AzureActiveDirectoryPane({ form, authorityHost, errors, focus, editing, editors }: AzureActiveDirectoryPaneProps) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Box columnGap={1}>
        <Text bold>Azure Active Directory</Text>
        <Button label="Register in Azure..." focused={focus === "register"} />
      </Box>
      <TextField
        labelWidth={LABEL_WIDTH}
        label="Tenant ID"
        value={form.tenantId}
        focused={focus === "tenantId"}
        editing={focus === "tenantId" && editing}
        editor={editors.tenantId}
        onChange={ignore}
        error={errors.tenantId}
      />
      <TextField
        labelWidth={LABEL_WIDTH}
        label="Application ID"
        value={form.applicationId}
        focused={focus === "applicationId"}
        editing={focus === "applicationId" && editing}
        editor={editors.applicationId}
        onChange={ignore}
        error={errors.applicationId}
      />
      <ChoiceField labelWidth={LABEL_WIDTH} label="Cloud" value={form.cloud} focused={focus === "cloud"} detail={hostOf(authorityHost)} />
    </Box>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
