import { startApache } from "./support/start-apache.js";
import { createAtlasClient } from "../../src/create-atlas-client.js";
import { digestAuth } from "./scratch-digest.tmp.js";
const a = await startApache({ binary: "/usr/sbin/apache2", ncCheck: true, realm: "interop", user: "pub", password: "priv" });
let failed = 0, trips = 0, calls = 0;
for (let round = 0; round < 15; round++) {
  const tag = "r" + round + "x" + process.env.AGAIN;
  const c = createAtlasClient({ baseUrl: a.origin, auth: digestAuth({ publicKey: "pub", privateKey: "priv" }), retry: false, userAgent: tag });
  const res = await Promise.all(Array.from({ length: 20 }, (_, i) => c.GET("/api/atlas/v2/orgs", { params: { query: { pageNum: i + 1 } } })));
  failed += res.filter((r) => r.response.status !== 200).length; calls += 20;
  trips += (await a.requests(tag)).length;
}
console.log("AGAIN", process.env.AGAIN, "calls", calls, "failed", failed, "round trips", trips);
await a.stop();
