/** An instance id is one shape everywhere: the domain, the console's actions, backups and the simulator read the same schema. */
import { describe, expect, it } from "vitest";
import { instanceIdSchema, workloadRefSchema } from "../../../lib/compute/ec2-schemas";
import { launchInstanceSchema } from "../../../lib/compute/instances";
import { callerSpecSchema } from "../../../lib/simulation/simulate-batch";
import { backupFieldSchemas } from "../../../lib/io/backup-rows";

describe("instance ids", () => {
  it.each([
    ["i-0123456789abcdef0", true],
    ["i-0123abcd", true],
    ["i-0123456789", false],
    ["i-0123456789abcdef01", false],
    ["i-0123456789ABCDEF0", false],
    ["i-legacy", false],
  ])("%s → %s", (id, valid) => {
    expect(instanceIdSchema.safeParse(id).success).toBe(valid);
  });

  it("every door reads the same schema, so they cannot disagree again", () => {
    const ids = ["i-0123456789abcdef0", "i-0123abcd", "i-0123456789"];
    const accepted = (parse: (id: string) => boolean) => ids.map(parse);
    const expected = accepted((id) => instanceIdSchema.safeParse(id).success);
    expect(accepted((id) => launchInstanceSchema.shape.instanceId.safeParse(id).success)).toEqual(expected);
    expect(accepted((id) => callerSpecSchema.safeParse({ kind: "instance", id }).success)).toEqual(expected);
    expect(accepted((id) => workloadRefSchema.safeParse({ kind: "instance", accountId: "111111111111", instanceId: id }).success)).toEqual(expected);
    expect(accepted((id) => backupFieldSchemas.Instance.id.safeParse(id).success)).toEqual(expected);
  });
});
