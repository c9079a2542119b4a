// The guide's "Azure Active Directory" fields: Tenant ID, Application ID (validated as you type) and the cloud.
import { Box, Text } from "ink";
import { Button } from "../components/Button.js";
import { ChoiceField } from "../components/ChoiceField.js";
import { TextField } from "../components/TextField.js";
import type { FocusId, FormValues } from "../tui/state/view-model.js";

export interface AzureActiveDirectoryPaneProps {
  form: FormValues;
  /** the login host in use (the cloud's, or the saved override) */
  authorityHost: string;
  errors: { tenantId?: string; applicationId?: string };
  focus: FocusId | undefined;
  onChange: (field: "tenantId" | "applicationId", value: string) => void;
  onSubmitField: (field: "tenantId" | "applicationId") => void;
}

export function AzureActiveDirectoryPane({ form, authorityHost, errors, focus, onChange, onSubmitField }: AzureActiveDirectoryPaneProps) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Box columnGap={1}>
        <Text bold>Azure Active Directory</Text>
        <Button label="Register in Azure..." focused={focus === "register"} />
      </Box>
      <TextField
        label="Tenant ID"
        value={form.tenantId}
        focused={focus === "tenantId"}
        onChange={(v) => onChange("tenantId", v)}
        onSubmit={() => onSubmitField("tenantId")}
        error={errors.tenantId}
      />
      <TextField
        label="Application ID"
        value={form.applicationId}
        focused={focus === "applicationId"}
        onChange={(v) => onChange("applicationId", v)}
        onSubmit={() => onSubmitField("applicationId")}
        error={errors.applicationId}
      />
      <ChoiceField label="Cloud" value={form.cloud} focused={focus === "cloud"} detail={hostOf(authorityHost)} />
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
