import { createAtlasClient, paginate, serviceAccountAuth, unwrap } from "atlas-admin-client";

const auth = serviceAccountAuth({
  clientId: process.env.MONGODB_ATLAS_CLIENT_ID ?? "",
  clientSecret: process.env.MONGODB_ATLAS_CLIENT_SECRET ?? "",
});
// Atlas for Government: createAtlasClient({ baseUrl: "https://cloud.mongodbgov.com", auth })
const atlas = createAtlasClient({ auth, logger: { warn: (e) => console.warn(e.message) } });

const orgId = "5f4e3d2c1b0a998877665544";
const account = unwrap(
  await atlas.POST("/api/atlas/v2/orgs/{orgId}/serviceAccounts", {
    params: { path: { orgId } },
    body: { name: "ci", description: "deploys", roles: ["ORG_MEMBER"], secretExpiresAfterHours: 24 },
  }),
);
console.log(account.clientId, account.secrets?.[0]?.secret); // the secret is shown only now

for await (const team of paginate(atlas, "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId } } })) {
  console.log(team.id, team.name);
}
await auth.revoke();
