/** Pieces of SQL the list queries share: search words over columns, and ORDER BY from a sort. */
import { Prisma } from "@prisma/client";
import { likeContains, searchWords } from "./list-query";

/** `AND (c1 LIKE %w% OR c2 LIKE %w%)` for every word of the search: a row must contain each one. */
export function searchClause(q: string, columns: Prisma.Sql[]): Prisma.Sql {
  const words = searchWords(q);
  if (!words.length) return Prisma.empty;
  const perWord = words.map((word) => {
    const pattern = likeContains(word);
    return Prisma.sql`(${Prisma.join(columns.map((column) => Prisma.sql`${column} LIKE ${pattern} ESCAPE '\\'`), " OR ")})`;
  });
  return Prisma.sql` AND ${Prisma.join(perWord, " AND ")}`;
}

/** An ORDER BY direction, from the list's own enum only (never from text). */
export function direction(dir: "asc" | "desc"): Prisma.Sql {
  return dir === "desc" ? Prisma.raw("DESC") : Prisma.raw("ASC");
}

export const countOf = (rows: { n: bigint | number }[]) => Number(rows[0]?.n ?? 0);
