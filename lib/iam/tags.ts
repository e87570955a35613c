import { AppError } from "../errors";
import { tagsSchema, type Tag } from "./names";

/** Reads a stored tag list, refusing anything that is not one. */
export function readTags(text: string): Tag[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("InvalidInput", `Stored tags are not JSON: ${text.slice(0, 40)}`);
  }
  const parsed = tagsSchema.safeParse(value);
  if (!parsed.success) throw new AppError("InvalidInput", `Stored tags are invalid: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

export function nameTag(tagsText: string): string | null {
  return readTags(tagsText).find((t) => t.Key === "Name")?.Value ?? null;
}
