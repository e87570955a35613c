import { describe, expect, it } from "vitest";
import nextConfig from "../../next.config";
import { describeUploadTooLarge, largeBodyRefusal, UPLOAD_LIMIT_BYTES, UPLOAD_LIMIT_MB, UPLOAD_TRANSPORT_BYTES, uploadBytes } from "../../lib/upload-limit";

// One stated limit for what the console accepts in one upload (an import's files, a backup). The
// proxy and server actions must let that much through whole: Next's proxy otherwise cuts bodies at
// 10 MB and the action fails on a truncated body with a 500 instead of a message.
describe("the upload limit", () => {
  it("is 40 MB, and neither the proxy nor server actions cut a body under it", () => {
    expect(UPLOAD_LIMIT_MB).toBe(40);
    expect(UPLOAD_LIMIT_BYTES).toBe(40 * 1024 * 1024);
    expect(UPLOAD_TRANSPORT_BYTES).toBeGreaterThan(UPLOAD_LIMIT_BYTES);
    expect(nextConfig.experimental?.proxyClientMaxBodySize).toBe(UPLOAD_TRANSPORT_BYTES);
    expect(nextConfig.experimental?.serverActions?.bodySizeLimit).toBe(UPLOAD_TRANSPORT_BYTES);
  });

  it("counts what is sent: UTF-8 bytes of the texts as JSON strings", () => {
    expect(uploadBytes(["ab"])).toBe(4);
    expect(uploadBytes(['{"a":"é"}', "x"])).toBe(JSON.stringify('{"a":"é"}').length + 1 + 3);
  });

  it("the message states the limit and the size", () => {
    expect(describeUploadTooLarge(52_428_800, "The files")).toBe("The files: 50.0 MB, over the upload limit of 40 MB.");
  });
});

// Bodies over 1 MB are uploads; the proxy reads one only for a user who may upload, in a
// workspace they may use (a viewer's 33 MB body was read whole before the action refused it).
describe("who may send a body over 1 MB", () => {
  it("only roles that may import or restore, and only into their own workspaces", () => {
    expect(largeBodyRefusal(null, "demo")).toBe("Sign in to upload.");
    expect(largeBodyRefusal({ role: "viewer", workspaceIds: [] }, "demo")).toMatch(/your console role \(viewer\) may not make/);
    for (const role of ["admin", "editor", "trainer"] as const) expect(largeBodyRefusal({ role, workspaceIds: [] }, "demo"), role).toBeNull();
    expect(largeBodyRefusal({ role: "trainee", workspaceIds: ["ana-1"] }, "ana-1")).toBeNull();
    expect(largeBodyRefusal({ role: "trainee", workspaceIds: ["ana-1"] }, "bo-2")).toBe("You may not upload into workspace bo-2.");
    expect(largeBodyRefusal({ role: "auditor", workspaceIds: ["audit"] }, "demo")).toBe("You may not upload into workspace demo.");
  });

  it("nobody sends more than the upload limit: refused by the declared length, with the limit stated", () => {
    expect(largeBodyRefusal({ role: "admin", workspaceIds: [] }, "demo", 45 * 1024 * 1024)).toBe("The upload: 45.0 MB, over the upload limit of 40 MB.");
    expect(largeBodyRefusal({ role: "admin", workspaceIds: [] }, "demo", UPLOAD_TRANSPORT_BYTES)).toBeNull();
  });
});
