#!/usr/bin/env node
// Browser tests drive Debian's chromium; install it with apt when it is missing (never a download
// of Playwright's own browsers, which this network cannot reach).
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const chromium = "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.log("roleplay: installing Debian's chromium for the browser tests…");
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  for (const args of [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]]) {
    const [cmd, ...rest] = [...sudo, ...args];
    const result = spawnSync(cmd, rest, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (result.status !== 0) {
      console.error(`roleplay: '${args.join(" ")}' failed; install chromium (apt-get install -y chromium) and run the tests again.`);
      process.exit(1);
    }
  }
}
