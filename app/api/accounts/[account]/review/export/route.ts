import { NextResponse } from "next/server";
import { getWorkspaceDb } from "@/app/server/workspace-db";
import { AppError } from "@/lib/errors";
import { readAccountReview } from "@/lib/io/account-review";
import { accountIdSchema } from "@/lib/iam/names";
import { findingHeader, findingJson, findingRow } from "@/lib/review/finding-rows";
import { readReviewSearch } from "@/components/review/review-query";
import { withUser } from "@/app/server/route-guard";

export const dynamic = "force-dynamic";

/** Findings written per pull of the stream: a large account's export never sits whole in memory. */
const ROWS_PER_CHUNK = 500;

/**
 * The review's findings as a download (`?format=csv|json`, with the page's filters: service,
 * severity, kind, q): every matching finding, one CSV row each in the columns `roleplay review
 * --format csv` prints, or the JSON objects it prints; streamed from the review as it stands.
 */
export const GET = withUser<{ account: string }>("read", async (request, { params }) => {
  const { account } = await params;
  const parsed = accountIdSchema.safeParse(account);
  if (!parsed.success) return NextResponse.json({ code: "InvalidInput", message: parsed.error.issues[0].message }, { status: 400 });
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "json" ? "json" : "csv";
  const search = readReviewSearch(url.searchParams);
  const { review } = await readAccountReview(await getWorkspaceDb(), parsed.data, search.service);
  if (!review) throw new AppError("IncorrectState", "The review is still being computed: export it once it is ready.");
  const findings = review.matchingFindings({ severities: search.severity, kind: search.kind, q: search.q });
  const encoder = new TextEncoder();
  let started = false;
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = "";
      if (!started) {
        started = true;
        text += format === "csv" ? findingHeader() : "[";
      }
      for (let i = 0; i < ROWS_PER_CHUNK; i++) {
        const next = findings.next();
        if (next.done) {
          if (format === "json") text += first ? "]\n" : "\n]\n";
          controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        if (format === "csv") text += findingRow(next.value);
        else {
          text += `${first ? "" : ","}\n  ${JSON.stringify(findingJson(next.value))}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(text));
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="passrole-findings-${parsed.data}-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
});
