import { createAtlasClient, digestAuth, isAtlasApiError, unwrap } from "atlas-admin-client";

const atlas = createAtlasClient({
  auth: digestAuth({
    publicKey: process.env.MONGODB_ATLAS_PUBLIC_API_KEY ?? "",
    privateKey: process.env.MONGODB_ATLAS_PRIVATE_API_KEY ?? "",
  }),
});

const orgId = "5f4e3d2c1b0a998877665544";
const { data, error } = await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", {
  params: { path: { orgId } },
  body: { name: "dbas", usernames: ["ann@example.com"] },
});
if (error) console.error(error.errorCode, error.detail); // typed by the spec
else console.log("team", data.id);

try {
  unwrap(await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId } }, body: { name: "dbas", usernames: [] } }));
} catch (e) {
  if (isAtlasApiError(e, "TEAM_NAME_NOT_AVAILABLE")) console.log("already there");
  else throw e;
}
