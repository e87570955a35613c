#!/usr/bin/env node
// The endpoint tests drive the AWS CLI v2 from Debian's `awscli` package (/usr/bin/aws); install it
// with apt when it is missing and Debian offers a 2.x. Never fatal: without it (or with only a
// v1), those tests skip and say why.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const aws = "/usr/bin/aws";
if (!existsSync(aws)) {
  const policy = spawnSync("apt-cache", ["policy", "awscli"], { encoding: "utf8" });
  const candidate = /Candidate:\s*(\S+)/.exec(policy.stdout ?? "")?.[1];
  if (!candidate || candidate === "(none)") {
    console.log("roleplay: Debian offers no awscli package here; the AWS CLI v2 tests will be skipped.");
  } else if (!/^(\d+:)?2\./.test(candidate)) {
    console.log(`roleplay: Debian's awscli is ${candidate}, not v2; the AWS CLI v2 tests will be skipped.`);
  } else {
    console.log(`roleplay: installing Debian's awscli ${candidate} for the AWS CLI v2 tests…`);
    const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
    for (const args of [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "awscli"]]) {
      const [cmd, ...rest] = [...sudo, ...args];
      const result = spawnSync(cmd, rest, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
      if (result.status !== 0) {
        console.log(`roleplay: '${args.join(" ")}' failed; the AWS CLI v2 tests will be skipped (apt-get install -y awscli to run them).`);
        break;
      }
    }
  }
}
