// The guide's "Certificates" list with its buttons: Generate, Export (Public Key Only)..., and the rest.
import { Box } from "ink";
import { Button } from "../components/Button.js";
import { CertificateList, certificateListRows } from "../components/CertificateList.js";
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

const TITLE = "Certificates";

/** Rows the buttons take at `width`: they wrap like words ("›[Label]", one column apart). */
export function certificateButtonRows(width: number): number {
  let rows = 1;
  let used = -1;
  for (const b of CERTIFICATE_BUTTONS) {
    const w = b.label.length + 3;
    if (used >= 0 && used + 1 + w > width) {
      rows++;
      used = w;
    } else used += 1 + w;
  }
  return rows;
}

/** Rows the pane takes at `width` with at most `maxRows` certificates shown (no margin). */
export function certificatesPaneRows(count: number, maxRows: number, width: number): number {
  return certificateListRows(count, maxRows, width, TITLE) + certificateButtonRows(width);
}

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
      <CertificateList title={TITLE} certificates={certificates} selected={selected} focused={focus === "certificates"} width={width} maxRows={maxRows} />
      <Box flexWrap="wrap" columnGap={1}>
        {CERTIFICATE_BUTTONS.map((b) => (
          <Button key={b.id} label={b.label} focused={focus === b.id} disabled={b.needsCertificate && !has} />
        ))}
      </Box>
    </Box>
  );
}
