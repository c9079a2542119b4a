// The guide's "Certificates" list with its buttons: Generate, Export (Public Key Only)..., and the rest.
import { Box } from "ink";
import { Button } from "../components/Button.js";
import { CertificateList } from "../components/CertificateList.js";
import type { CertificateView } from "../core/store/profile.js";
import type { FocusId } from "../tui/state/view-model.js";

export const CERTIFICATE_BUTTONS: { id: FocusId; label: string; needsCertificate: boolean }[] = [
  { id: "generate", label: "Generate", needsCertificate: false },
  { id: "exportPublic", label: "Export (Public Key Only)...", needsCertificate: true },
  { id: "exportPfx", label: "Export PFX...", needsCertificate: true },
  { id: "import", label: "Import...", needsCertificate: false },
  { id: "delete", label: "Delete", needsCertificate: true },
  { id: "activate", label: "Activate", needsCertificate: true },
];

export interface CertificatesPaneProps {
  certificates: CertificateView[];
  selected: number;
  focus: FocusId | undefined;
  width: number;
  maxRows?: number;
  marginTop?: number;
}

export function CertificatesPane({ certificates, selected, focus, width, maxRows, marginTop = 1 }: CertificatesPaneProps) {
  const has = certificates.length > 0;
  return (
    <Box flexDirection="column" flexShrink={0} marginTop={marginTop}>
      <CertificateList title="Certificates" certificates={certificates} selected={selected} focused={focus === "certificates"} width={width} maxRows={maxRows} />
      <Box flexWrap="wrap" columnGap={1}>
        {CERTIFICATE_BUTTONS.map((b) => (
          <Button key={b.id} label={b.label} focused={focus === b.id} disabled={b.needsCertificate && !has} />
        ))}
      </Box>
    </Box>
  );
}
