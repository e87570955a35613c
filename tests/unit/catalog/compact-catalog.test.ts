import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { catalogKey, catalogSources, openCatalog, type CatalogSources } from "../../../scripts/extract-catalog.mjs";
import { normalizeAccessLevel } from "../../../lib/catalog/access-level";
import { findAction, listServiceActions } from "../../../lib/catalog/actions";
import { findConditionKey, listServiceConditionKeys } from "../../../lib/catalog/condition-keys";
import {
  readServiceActions,
  readServiceConditionKeys,
  readServiceNames,
  readServiceResourceTypes,
  readUnassociatedConditionKeys,
} from "../../../lib/catalog/data-files";
import { findManagedPolicy, listManagedPolicies } from "../../../lib/catalog/managed-policies";
import { findResourceType } from "../../../lib/catalog/resource-types";
import { listServices } from "../../../lib/catalog/services";

const sources = catalogSources();
const raw = <T,>(...parts: string[]): T => JSON.parse(readFileSync(join(sources.iamDataDir, ...parts), "utf8")) as T;
const prefixes = raw<string[]>("services.json");

type RawAction = { name: string; description: string; accessLevel: string; resourceTypes: unknown[]; conditionKeys: string[]; dependentActions: string[]; scenarios?: unknown };

describe("the compact catalog answers exactly like the data packages", () => {
  it("lists every service with its display name", () => {
    const names = raw<Record<string, string>>("serviceNames.json");
    expect(readServiceNames()).toEqual(prefixes.map((p) => [p, names[p] ?? p]));
    expect(listServices().map((s) => s.prefix)).toEqual(prefixes);
  });

  it("holds every action of every service, field for field, in the reference's order", () => {
    for (const prefix of prefixes) {
      const full = raw<Record<string, RawAction>>("actions", `${prefix}.json`);
      // `scenarios` is the one field no loader reads.
      const stripped = Object.fromEntries(Object.entries(full).map(([key, action]) => [key, { ...action, scenarios: undefined }]));
      expect(readServiceActions(prefix), prefix).toEqual(stripped);
      expect(Object.keys(readServiceActions(prefix)!)).toEqual(Object.keys(full));
    }
  });

  it("holds every resource type and condition key of every service", () => {
    for (const prefix of prefixes) {
      expect(readServiceResourceTypes(prefix), prefix).toEqual(Object.values(raw<object>("resourceTypes", `${prefix}.json`)));
      expect(readServiceConditionKeys(prefix), prefix).toEqual(Object.values(raw<object>("conditionKeys", `${prefix}.json`)));
    }
    expect(readUnassociatedConditionKeys()).toEqual(raw("unassociatedConditions.json"));
  });

  it.each(["s3:GetObject", "iam:PassRole", "ec2:RunInstances", "sts:AssumeRoleWithWebIdentity", "kms:Decrypt", "lambda:InvokeFunction"])(
    "the loaders answer %s as the data file says",
    (id) => {
      const [service, name] = id.split(":");
      const entry = raw<Record<string, RawAction>>("actions", `${service}.json`)[name.toLowerCase()];
      expect(findAction(id)).toEqual({
        id,
        service,
        name: entry.name,
        description: entry.description,
        accessLevel: normalizeAccessLevel(entry.accessLevel),
        resourceTypes: entry.resourceTypes,
        conditionKeys: entry.conditionKeys,
        dependentActions: entry.dependentActions,
        wildcardOnly: entry.resourceTypes.length === 0,
      });
      expect(listServiceActions(service).map((a) => a.name)).toEqual(Object.values(raw<Record<string, RawAction>>("actions", `${service}.json`)).map((a) => a.name));
    },
  );

  it("the loaders answer resource types and condition keys as the data files say", () => {
    const s3Types = raw<Record<string, { key: string; arn: string; conditionKeys: string[] }>>("resourceTypes", "s3.json");
    expect(findResourceType("s3", "object")).toEqual({ service: "s3", name: "object", arnFormat: s3Types.object.arn, conditionKeys: s3Types.object.conditionKeys });
    const s3Keys = raw<Record<string, { key: string; type: string; description: string }>>("conditionKeys", "s3.json");
    expect(findConditionKey("s3:prefix")).toEqual({ name: s3Keys["s3:prefix"].key, type: s3Keys["s3:prefix"].type, description: s3Keys["s3:prefix"].description, global: false });
    expect(listServiceConditionKeys("s3").map((k) => k.name).sort()).toEqual(Object.values(s3Keys).map((k) => k.key).sort());
  });

  it("holds every AWS-managed policy at its default version, document for document", () => {
    const full = JSON.parse(readFileSync(sources.managedPoliciesFile, "utf8")) as Record<string, { arn: string; latestVersionId: string; versions: Record<string, { document: unknown }> }>;
    const withDefault = Object.entries(full).filter(([, e]) => e.versions[e.latestVersionId]);
    expect(listManagedPolicies()).toHaveLength(withDefault.length);
    for (const [name, entry] of withDefault) {
      const policy = findManagedPolicy(entry.arn);
      expect(policy, name).toBeDefined();
      expect({ name: policy!.name, defaultVersionId: policy!.defaultVersionId, arn: `arn:aws:iam::aws:policy${policy!.path}${policy!.name}` }).toEqual({
        name,
        defaultVersionId: entry.latestVersionId,
        arn: entry.arn,
      });
      expect(policy!.document, name).toEqual(entry.versions[entry.latestVersionId].document);
    }
  });
});

// A small stand-in for the 74 MB policy file: two versions of one policy, a non-ASCII document (the
// index counts bytes), and a policy whose default version is missing.
const allow = (action: string, sid = "A") => ({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Action: action, Resource: "*" }] });
const fixture = {
  Alpha: { arn: "arn:aws:iam::aws:policy/Alpha", latestVersionId: "v2", versions: { v1: { document: allow("s3:ListBucket") }, v2: { document: allow("s3:GetObject") } } },
  Beta: { arn: "arn:aws:iam::aws:policy/service-role/Beta", latestVersionId: "v1", versions: { v1: { document: allow("sqs:SendMessage", "Élan→☃") } } },
  Gamma: { arn: "arn:aws:iam::aws:policy/Gamma", latestVersionId: "v1", versions: { v1: { document: allow("sns:Publish") } } },
  Gone: { arn: "arn:aws:iam::aws:policy/Gone", latestVersionId: "v3", versions: { v1: { document: allow("ec2:RunInstances") } } },
};

const scratch = mkdtempSync(join(tmpdir(), "roleplay-catalog-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fixtureSources(name: string, version: string, policies: object = fixture): CatalogSources {
  const file = join(scratch, `${name}-managed.json`);
  writeFileSync(file, JSON.stringify(policies));
  return { ...sources, managedPoliciesFile: file, managedPoliciesVersion: version, cacheRoot: join(scratch, name) };
}

async function freshLoaders() {
  vi.resetModules();
  return {
    dataFiles: await import("../../../lib/catalog/data-files"),
    actions: await import("../../../lib/catalog/actions"),
    managed: await import("../../../lib/catalog/managed-policies"),
  };
}

describe("the compact catalog is extracted when missing or stale", () => {
  it("a missing extraction is made and published; the next open reuses it", () => {
    const src = fixtureSources("missing", "1.0.0");
    const first = openCatalog(src);
    expect(first).toEqual({ key: catalogKey(src), dir: join(src.cacheRoot, catalogKey(src)), rebuilt: true });
    expect(existsSync(join(first.dir!, "manifest.json"))).toBe(true);
    expect(openCatalog(src)).toEqual({ ...first, rebuilt: false });
  });

  it("an upgraded data package is extracted again under a new key and the stale extraction removed", () => {
    const old = fixtureSources("upgrade", "1.0.0");
    const before = openCatalog(old);
    const upgraded = fixtureSources("upgrade", "1.0.1", { ...fixture, Delta: { arn: "arn:aws:iam::aws:policy/Delta", latestVersionId: "v1", versions: { v1: { document: allow("s3:*") } } } });
    const after = openCatalog(upgraded);
    expect(after.rebuilt).toBe(true);
    expect(after.key).not.toBe(before.key);
    expect(existsSync(before.dir!)).toBe(false);
    const index = JSON.parse(readFileSync(join(after.dir!, "managed-policies.json"), "utf8")) as string[][];
    expect(index.map((entry) => entry[0])).toEqual(["Alpha", "Beta", "Gamma", "Delta"]);
  });

  it("an extraction left incomplete (no manifest) is made again", () => {
    const src = fixtureSources("incomplete", "1.0.0");
    const first = openCatalog(src);
    rmSync(join(first.dir!, "manifest.json"));
    expect(openCatalog(src).rebuilt).toBe(true);
    expect(existsSync(join(first.dir!, "manifest.json"))).toBe(true);
  });

  it("the loaders answer from an extraction, reading documents by their byte offsets", async () => {
    const { dataFiles, actions, managed } = await freshLoaders();
    dataFiles.setCompactCatalog(openCatalog(fixtureSources("loaders", "1.0.0")));
    expect(managed.listManagedPolicies().map((p) => [p.name, p.path, p.defaultVersionId])).toEqual([
      ["Alpha", "/", "v2"],
      ["Beta", "/service-role/", "v1"],
      ["Gamma", "/", "v1"],
    ]);
    expect(managed.findManagedPolicyByName("beta")?.document).toEqual(fixture.Beta.versions.v1.document);
    expect(managed.findManagedPolicy("arn:aws:iam::aws:policy/Alpha")?.document).toEqual(fixture.Alpha.versions.v2.document);
    expect(managed.findManagedPolicy("arn:aws:iam::aws:policy/Gone")).toBeUndefined();
    expect(actions.findAction("s3:getobject")?.id).toBe("s3:GetObject");
  });

  it("documents stay readable when the extraction is replaced under a running process", async () => {
    const { dataFiles, managed } = await freshLoaders();
    const opened = openCatalog(fixtureSources("replaced", "1.0.0"));
    dataFiles.setCompactCatalog(opened);
    expect(managed.findManagedPolicyByName("alpha")?.name).toBe("Alpha");
    rmSync(opened.dir!, { recursive: true });
    expect(managed.findManagedPolicyByName("gamma")?.document).toEqual(fixture.Gamma.versions.v1.document);
  });

  it("when the cache cannot be written the catalog is held in memory and the loaders answer from it", async () => {
    const blocker = join(scratch, "not-a-directory");
    writeFileSync(blocker, "");
    const opened = openCatalog({ ...fixtureSources("unwritable", "1.0.0"), cacheRoot: join(blocker, "catalog") });
    expect(opened.dir).toBeUndefined();
    expect(opened.files?.has("managed-policies.json")).toBe(true);
    const { dataFiles, actions, managed } = await freshLoaders();
    dataFiles.setCompactCatalog(opened);
    expect(managed.findManagedPolicyByName("beta")?.document).toEqual(fixture.Beta.versions.v1.document);
    expect(actions.findAction("iam:PassRole")?.accessLevel).toBe("Write");
    expect(dataFiles.readServiceResourceTypes("../../etc")).toEqual([]);
  });
});
