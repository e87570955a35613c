// A fingerprint of everything `next build` reads, so `npm start` rebuilds only when it changed.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const inputs = ["app", "components", "lib", "public", "prisma/schema.prisma", "next.config.ts", "proxy.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

function walk(root, entry, files) {
  const full = path.join(root, entry);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return;
  }
  if (stat.isDirectory()) for (const child of readdirSync(full).sort()) walk(root, path.join(entry, child), files);
  else files.push(entry);
}

export function sourceFingerprint(root) {
  const files = [];
  for (const entry of inputs) walk(root, entry, files);
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update("\0").update(readFileSync(path.join(root, file))).update("\0");
  return hash.digest("hex");
}
