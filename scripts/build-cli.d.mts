// Types of scripts/build-cli.mjs, for the tests and benchmarks that import it.

/** The current bundle's entry file when it was built from the sources as they are now, else undefined. */
export function freshCliEntry(root?: string): string | undefined;

/** Bundles lib/cli/main.ts under ROOT/.cache/cli, publishes the build and returns its entry file. */
export function buildCli(root?: string): Promise<string>;
