/**
 * Where the console's processes keep computed reviews: a folder beside the database file,
 * `<database file>-review/`, with one file per key and version (the review's parts, serialized), one
 * claim per key (who computes which version, and how far it got) and, for the keys that ask for
 * it, each principal's part of the review in a file of its own, so that a principal's page reads a
 * few kilobytes instead of decoding a review of hundreds of megabytes.
 */
import { createHash } from "node:crypto";
import { access, mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { Db } from "../db/create-client";
import type { SharedResults } from "../review/review-cache";
import { compareVersions } from "../audit/workspace-version";
import { nextTurn, runInSlices } from "./in-slices";
import { AccountReview, type AccountReviewParts, type PrincipalReview, type ReviewProgress } from "../review/review-view";

// A stored review: its parts in pieces (the head, then the grants, escalations and findings a few
// thousand at a time), each serialized on its own, so that neither writing nor reading one holds
// the event loop for long. Layout: piece count, each piece's length (32-bit), the pieces.

const PIECE = 2_000;
const LISTS = ["grants", "escalations", "findings"] as const;

async function encodeReview(parts: AccountReviewParts): Promise<Buffer> {
  const { grants, escalations, findings, ...rest } = parts;
  const lists = { grants, escalations, findings };
  const head = { ...rest, pieces: Object.fromEntries(LISTS.map((name) => [name, Math.ceil(lists[name].length / PIECE)])) };
  const pieces: Buffer[] = [serialize(head)];
  for (const name of LISTS) {
    for (let i = 0; i < lists[name].length; i += PIECE) {
      pieces.push(serialize(lists[name].slice(i, i + PIECE)));
      await nextTurn();
    }
  }
  const lengths = Buffer.alloc(4 * (pieces.length + 1));
  lengths.writeUInt32LE(pieces.length, 0);
  pieces.forEach((piece, i) => lengths.writeUInt32LE(piece.length, 4 * (i + 1)));
  return Buffer.concat([lengths, ...pieces]);
}

async function decodeReview(bytes: Buffer): Promise<AccountReview> {
  const count = bytes.readUInt32LE(0);
  let offset = 4 * (count + 1);
  let index = 0;
  const piece = () => {
    const length = bytes.readUInt32LE(4 * (++index));
    const value = deserialize(bytes.subarray(offset, offset + length));
    offset += length;
    return value;
  };
  const { pieces, ...rest } = piece() as Omit<AccountReviewParts, (typeof LISTS)[number]> & { pieces: Record<(typeof LISTS)[number], number> };
  const lists = { grants: [], escalations: [], findings: [] } as Pick<AccountReviewParts, (typeof LISTS)[number]>;
  for (const name of LISTS) {
    for (let i = 0; i < pieces[name]; i++) {
      for (const item of piece() as never[]) (lists[name] as never[]).push(item);
      await nextTurn();
    }
  }
  const steps = AccountReview.build({ ...rest, ...lists });
  return runInSlices(() => steps.next());
}

// Each principal's part of a review: the index (ARN → offset and length of its part, serialized),
// preceded by its length (32-bit), then the parts. A page reads the index once, then one part.

async function encodePrincipals(review: AccountReview): Promise<Buffer> {
  const index = new Map<string, [number, number]>();
  const parts: Buffer[] = [];
  let offset = 0;
  const principals = review.principalReviews();
  await runInSlices(() => {
    const next = principals.next();
    if (next.done) return next;
    const [arn, about] = next.value;
    const part = serialize(about);
    index.set(arn, [offset, part.length]);
    parts.push(part);
    offset += part.length;
    return next;
  });
  const head = serialize(index);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length, 0);
  return Buffer.concat([length, head, ...parts]);
}

type PrincipalIndex = { index: Map<string, [number, number]>; base: number };
// The indexes last read, by file and identity: a version's file is written again only when two
// processes both computed it, and then it is another file (inode) at the same path.
const principalIndexes = new Map<string, Promise<PrincipalIndex>>();
const KEPT_INDEXES = 8;

/** A principal's part of a stored review: empty when the review names it nowhere, undefined when the file is gone. */
async function readPrincipal(file: string, arn: string): Promise<PrincipalReview | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return undefined;
  }
  try {
    const { ino, size, mtimeMs } = await handle.stat();
    const identity = `${file}\u0000${ino}\u0000${size}\u0000${mtimeMs}`;
    let indexed = principalIndexes.get(identity);
    if (!indexed) {
      const opened = handle;
      indexed = (async () => {
        const length = Buffer.alloc(4);
        await opened.read(length, 0, 4, 0);
        const head = Buffer.alloc(length.readUInt32LE(0));
        await opened.read(head, 0, head.length, 4);
        return { index: deserialize(head) as Map<string, [number, number]>, base: 4 + head.length };
      })();
      principalIndexes.set(identity, indexed);
      indexed.catch(() => principalIndexes.delete(identity));
      if (principalIndexes.size > KEPT_INDEXES) principalIndexes.delete(principalIndexes.keys().next().value!);
    }
    const { index, base } = await indexed;
    const at = index.get(arn);
    if (!at) return { findings: [], findingCount: 0, canPass: [], canPassCount: 0 };
    const part = Buffer.alloc(at[1]);
    await handle.read(part, 0, at[1], base + at[0]);
    return deserialize(part) as PrincipalReview;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The folder itself.

type Claim = { version: string; pid: number; at: number; progress?: ReviewProgress };

/** A claim not refreshed for this long is abandoned (its process hangs or died unseen). */
const CLAIM_EXPIRES_MS = 60_000;

/** The folder's results, and each principal's part of the reviews whose key `withPrincipals` accepts. */
export interface ReviewFolder extends SharedResults<AccountReview, ReviewProgress> {
  /** A principal's part of the review stored for the key's version; undefined when none is stored. */
  principal(key: string, version: string, arn: string): Promise<PrincipalReview | undefined>;
  /** A principal's part of the review stored for the key at any version, and that version (the last review while the next computes). */
  latestPrincipal(key: string, arn: string): Promise<{ version: string; review: PrincipalReview } | undefined>;
}

/**
 * The review folder of `db`'s file (none for a database without a file: then nothing is shared).
 * Keys that `withPrincipals` accepts are stored with each principal's part, and are stored only whole:
 * a review without its principals' parts (stored before they existed) is computed again.
 */
export function reviewFolder(db: Db, withPrincipals: (key: string) => boolean): ReviewFolder {
  let folder: Promise<string | undefined> | undefined;
  const folderOf = () => {
    folder ??= (async () => {
      const files = await db.$queryRawUnsafe<{ name: string; file: string }[]>("PRAGMA database_list");
      const main = files.find((f) => f.name === "main")?.file;
      if (!main) return undefined;
      const dir = `${main}-review`;
      await mkdir(dir, { recursive: true });
      return dir;
    })();
    // A failure (the disk, the database busy) is asked again next time, not kept.
    folder.catch(() => (folder = undefined));
    return folder;
  };
  const stem = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 24);
  const resultFile = (dir: string, key: string, version: string) => path.join(dir, `${stem(key)}.${version}.bin`);
  const claimFile = (dir: string, key: string) => path.join(dir, `${stem(key)}.claim`);
  const principalsFile = (dir: string, key: string, version: string) => path.join(dir, `${stem(key)}.${version}.principals`);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  };
  const readClaim = async (file: string): Promise<Claim | undefined> => {
    try {
      return JSON.parse(await readFile(file, "utf8")) as Claim;
    } catch {
      return undefined;
    }
  };
  const live = (claim: Claim) => alive(claim.pid) && Date.now() - claim.at < CLAIM_EXPIRES_MS;
  /** Held by another live process. */
  const held = (claim: Claim | undefined) => claim !== undefined && claim.pid !== process.pid && live(claim);
  let reports = Promise.resolve();
  const writeAtomically = async (file: string, data: string | Uint8Array) => {
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, file);
  };

  /** The files of `key` stored in the folder, with the version each is of. */
  const storedVersions = async (dir: string, key: string) => {
    const prefix = `${stem(key)}.`;
    return (await readdir(dir))
      .filter((name) => name.startsWith(prefix) && (name.endsWith(".bin") || name.endsWith(".principals")))
      .map((name) => ({ name, version: name.slice(prefix.length, name.lastIndexOf(".")) }));
  };

  return {
    async load(key, version) {
      const dir = await folderOf();
      if (!dir) return undefined;
      let bytes: Buffer;
      try {
        if (withPrincipals(key)) await access(principalsFile(dir, key, version));
        bytes = await readFile(resultFile(dir, key, version));
      } catch {
        return undefined;
      }
      return decodeReview(bytes);
    },
    async save(key, version, review) {
      const dir = await folderOf();
      if (!dir) return;
      // A process that finished late (another stored a newer version meanwhile) keeps its result to itself.
      if ((await storedVersions(dir, key)).some((stored) => compareVersions(stored.version, version) > 0)) return;
      // The principals' parts first: a review found stored has them (see load).
      if (withPrincipals(key)) await writeAtomically(principalsFile(dir, key, version), await encodePrincipals(review));
      await writeAtomically(resultFile(dir, key, version), await encodeReview(review.parts));
      // Older versions of the key are of no use to anyone now; a newer one stored meanwhile stays.
      for (const stored of await storedVersions(dir, key)) if (compareVersions(stored.version, version) < 0) await rm(path.join(dir, stored.name), { force: true });
    },
    async principal(key, version, arn) {
      const dir = await folderOf().catch(() => undefined);
      return dir ? readPrincipal(principalsFile(dir, key, version), arn) : undefined;
    },
    async latestPrincipal(key, arn) {
      try {
        const dir = await folderOf();
        if (!dir) return undefined;
        // The newest, if an older one is still there (its cleanup follows the newer's save).
        const parts = (await storedVersions(dir, key)).filter((stored) => stored.name.endsWith(".principals"));
        const newest = parts.sort((a, b) => compareVersions(b.version, a.version))[0];
        if (!newest) return undefined;
        const review = await readPrincipal(path.join(dir, newest.name), arn);
        return review && { version: newest.version, review };
      } catch {
        return undefined;
      }
    },
    async claim(key, version) {
      const dir = await folderOf();
      if (!dir) return true;
      const file = claimFile(dir, key);
      const mine = JSON.stringify({ version, pid: process.pid, at: Date.now() } satisfies Claim);
      try {
        const handle = await open(file, "wx");
        await handle.writeFile(mine);
        await handle.close();
        return true;
      } catch {
        const claim = await readClaim(file);
        // Held by a live process for this version: wait for it. For a newer one: compute this one
        // here, leaving the claim to it. For an older one, or abandoned: take it over.
        if (claim?.version === version && held(claim)) return false;
        if (claim && held(claim) && compareVersions(claim.version, version) > 0) return true;
        await writeAtomically(file, mine);
        return true;
      }
    },
    async progress(key, version) {
      const dir = await folderOf();
      if (!dir) return undefined;
      const claim = await readClaim(claimFile(dir, key));
      if (!claim || claim.version !== version || !held(claim)) return undefined;
      return claim.progress ?? { phase: "loading", done: 0, total: 1 };
    },
    report(key, version, progress) {
      // In order: a late progress report must not bring back a claim already given up.
      reports = reports
        .then(async () => {
          const dir = await folderOf();
          if (!dir) return;
          const file = claimFile(dir, key);
          const claim = await readClaim(file);
          // An outdated computation reports to nobody: the claim of a newer version stays its holder's
          // (another process's, or this one's own newer computation).
          if (claim && live(claim) && compareVersions(claim.version, version) > 0) return;
          if (progress) await writeAtomically(file, JSON.stringify({ version, pid: process.pid, at: Date.now(), progress } satisfies Claim));
          else if (claim?.pid === process.pid) await rm(file, { force: true });
        })
        .catch(() => undefined);
    },
  };
}
