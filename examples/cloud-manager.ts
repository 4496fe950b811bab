import { createCloudManagerClient, digestAuth, isAtlasApiError, unwrap } from "atlas-admin-client";

// Creating an organization on Cloud Manager needs user credentials; an API key gets API_KEY_CANNOT_CREATE_ORG.
const cloud = createCloudManagerClient({ auth: digestAuth({ publicKey: "ann@example.com", privateKey: "…" }) });
try {
  const org = unwrap(await cloud.POST("/api/public/v1.0/orgs", { body: { name: "myNewOrganization" } }));
  console.log(org.id, org.name);
} catch (e) {
  if (isAtlasApiError(e, "API_KEY_CANNOT_CREATE_ORG")) console.error("use user credentials, not an API key");
  else throw e;
}
