import type { Cloud } from "./validate.js";

export interface CloudHosts {
  authorityHost: string;
  graphHost: string;
}

// Login and Graph hosts per national cloud (Microsoft's table; see shared/docs/entra-reference.md).
export const CLOUD_HOSTS: Record<Cloud, CloudHosts> = {
  global: { authorityHost: "https://login.microsoftonline.com", graphHost: "https://graph.microsoft.com" },
  usgov: { authorityHost: "https://login.microsoftonline.us", graphHost: "https://graph.microsoft.us" },
  usgovdod: { authorityHost: "https://login.microsoftonline.us", graphHost: "https://dod-graph.microsoft.us" },
  china: { authorityHost: "https://login.partner.microsoftonline.cn", graphHost: "https://microsoftgraph.chinacloudapi.cn" },
};

export const REQUIRED_PERMISSIONS = ["Device.Read.All", "User.Read.All", "GroupMember.Read.All"] as const;
export type RequiredPermission = (typeof REQUIRED_PERMISSIONS)[number];

export function consentUrl(authorityHost: string, tenantId: string, applicationId: string): string {
  return `${authorityHost.replace(/\/$/, "")}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(applicationId)}`;
}
