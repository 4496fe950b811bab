import { createOpsManagerClient, digestAuth, unwrap } from "atlas-admin-client";

const om = createOpsManagerClient({
  baseUrl: process.env.MONGODB_ATLAS_OPS_MANAGER_URL ?? "https://opsmanager.example.com:8080",
  auth: digestAuth({ publicKey: "abcdefgh", privateKey: "…" }),
  timeoutMs: 10_000,
});
const org = unwrap(
  await om.POST("/api/public/v1.0/orgs", {
    body: {
      name: "analytics",
      // A mapping for ORG_OWNER is required whenever mappings are given; checked before sending.
      ldapGroupMappings: [
        { roleName: "ORG_OWNER", ldapGroups: ["cn=dba-leads,ou=groups"] },
        { roleName: "ORG_MEMBER", ldapGroups: ["cn=dbas,ou=groups"] },
      ],
    },
  }),
);
console.log(org.id);
