/**
 * DNS rebinding: a web page can make a browser on the developer's machine send requests to the
 * loopback IMDS under its own host name. The IMDS answers only requests addressed to itself: its
 * own link-local names, or the loopback address and port it listens on.
 */
import { request, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createImdsServer } from "../../../lib/imds/imds-server";
import { findInstancesByIdOrName } from "../../../lib/imds/instance-metadata";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let port: number;

function call(method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const ttl = { "X-aws-ec2-metadata-token-ttl-seconds": "60" };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoWorkspace(database.db);
  const instanceId = (await findInstancesByIdOrName(database.db, "photos-app"))[0].id;
  server = createImdsServer({ db: database.db, instanceId });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database?.dispose();
});

describe("the IMDS answers only requests addressed to itself", () => {
  it.each(["127.0.0.1:PORT", "localhost:PORT", "LOCALHOST:PORT", "169.254.169.254", "169.254.169.254:80", "[fd00:ec2::254]", "[fd00:ec2::254]:80"])("Host %s gets a token and metadata", async (host) => {
    const Host = host.replace("PORT", String(port));
    const token = await call("PUT", "/latest/api/token", { ...ttl, Host });
    expect(token.status).toBe(200);
    const id = await call("GET", "/latest/meta-data/instance-id", { "X-aws-ec2-metadata-token": token.body, Host });
    expect(id.status).toBe(200);
  });

  it.each(["attacker.example:PORT", "attacker.example", "127.0.0.1:1", "localhost", "localhost.attacker.example:PORT", "169.254.169.254:8080", "127.0.0.1.nip.io:PORT"])(
    "Host %j is refused with 403, for the token and for metadata",
    async (host) => {
      const Host = host.replace("PORT", String(port));
      expect((await call("PUT", "/latest/api/token", { ...ttl, Host })).status).toBe(403);
      const good = await call("PUT", "/latest/api/token", { ...ttl, Host: `127.0.0.1:${port}` });
      const refused = await call("GET", "/latest/meta-data/iam/security-credentials/", { "X-aws-ec2-metadata-token": good.body, Host });
      expect(refused.status).toBe(403);
      expect(refused.body).not.toContain("Get-pics");
    },
  );

  it("a request with no Host at all (HTTP/1.0) is refused with 403", async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.end("GET /latest/meta-data/instance-id HTTP/1.0\r\n\r\n"));
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (c: string) => (data += c));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.[01] 403 /);
  });
});
