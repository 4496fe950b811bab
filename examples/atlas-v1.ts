import { createAtlasClient, digestAuth, unwrap } from "atlas-admin-client";

// The legacy Atlas Administration API v1.0 lives on the same client, with plain application/json.
const atlas = createAtlasClient({ auth: digestAuth({ publicKey: "abcdefgh", privateKey: "…" }) });
const team = unwrap(
  await atlas.POST("/api/atlas/v1.0/orgs/{orgId}/teams", {
    params: { path: { orgId: "5f4e3d2c1b0a998877665544" } },
    body: { name: "myNewTeam", usernames: ["jane.a.smith@example.com"] },
  }),
);
console.log(team.id, team.usernames);
