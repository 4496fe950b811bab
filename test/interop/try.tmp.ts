import { startApache } from "./support/start-apache.js";
import { digestAuth } from "../../src/digest-auth.js";
import { execSync } from "node:child_process";
const a = await startApache({ binary: "/usr/sbin/apache2", ncCheck: true, realm: "interop", user: "pub", password: "priv" });
for (let run = 0; run < 8; run++) {
  const f2 = digestAuth({ publicKey: "pub", privateKey: "priv" }).wrap({ fetch: (r) => globalThis.fetch(r), userAgent: "x" });
  const conc = await Promise.all(Array.from({ length: 20 }, (_, i) => f2(new Request(a.origin + "/api/atlas/v2/orgs?i=" + i, { headers: { "user-agent": "conc" + run } }))));
  const cl = await a.requests("conc" + run);
  console.log("failed", conc.filter((r) => r.status !== 200).length, "log", cl.length, "401s", cl.filter((e) => e.status === 401).length);
}
console.log(execSync("cat /tmp/interop-apache-*/error.log | cut -c1-300 | sed -e 's/^.*AH0/AH0/' | sort | uniq -c | sort -rn | head -20").toString());
await a.stop();
