import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * The front of a `roleplay COMMAND VERB …` command (workspace, lab): its options parsed, --help,
 * an unknown verb and a bad --format answered with the usage status 2 and the help text. Returns
 * the exit status when the command should stop here.
 */
export function parseVerbCommand<Verb extends string>(input: {
  command: string;
  argv: string[];
  verbs: readonly Verb[];
  options: NonNullable<ParseArgsConfig["options"]>;
  help: string;
}): number | { verb: Verb; values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[]; format: "text" | "json" } {
  const [verb, ...rest] = input.argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { ...input.options, format: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`roleplay ${input.command}: ${(error as Error).message}\n\n${input.help}`);
    return 2;
  }
  if (!verb || verb === "--help" || verb === "-h" || verb === "help" || parsed.values.help) {
    console.log(input.help);
    return verb ? 0 : 2;
  }
  if (!(input.verbs as readonly string[]).includes(verb)) {
    console.error(`roleplay ${input.command}: unknown verb '${verb}' (expected ${input.verbs.join(", ")})\n\n${input.help}`);
    return 2;
  }
  const format = (parsed.values.format as string | undefined) ?? "text";
  if (format !== "text" && format !== "json") {
    console.error(`roleplay ${input.command}: --format is text or json, not ${format}`);
    return 2;
  }
  return { verb: verb as Verb, values: parsed.values, positionals: parsed.positionals, format };
}
