import { NextResponse } from "next/server";
import { withUser } from "@/app/server/route-guard";
import { getWorkspaceDb } from "@/app/server/workspace-db";
import { AppError } from "@/lib/errors";
import { answerPredictCard, findLab, predictionIsRight } from "@/lib/labs";
import { predictionAnswers, type PredictAnswer } from "@/lib/labs/lab-view";

export const dynamic = "force-dynamic";

/**
 * Reveals a predict card once the trainee has answered (`?answer=Allow|Deny`): the evaluator's
 * decision on the request's workspace as it is now, its layer trace and deciding statements, and
 * whether the answer was right. An operation card is run and rolled back: nothing changes.
 */
export const GET = withUser<{ lab: string; card: string }>("simulate", async (request, { params }) => {
  const { lab: id, card } = await params;
  const answer = new URL(request.url).searchParams.get("answer");
  if (!predictionAnswers.includes(answer as PredictAnswer["answer"])) throw new AppError("InvalidInput", `Answer the card with ${predictionAnswers.join(" or ")} first.`);
  const lab = findLab(id);
  if (!lab) throw new AppError("NoSuchEntity", `There is no lab ${id} (see the Labs page).`);
  if (!lab.predict.some((c) => c.id === card)) throw new AppError("NoSuchEntity", `Lab ${lab.id} has no predict card ${card}.`);
  const reveal = await answerPredictCard(await getWorkspaceDb(), lab, card);
  const body: PredictAnswer = { answer: answer as PredictAnswer["answer"], right: predictionIsRight(answer!, reveal), reveal };
  return NextResponse.json(body, { headers: { "cache-control": "no-store" } });
});
