import { GlossaryTerm } from "@/components/glossary-term";
import { glossary } from "@/lib/glossary";
import { markLabText } from "@/lib/labs/lab-view";

/** A lab's words (goal, hints, learned, why): `code` set as code, each IAM term's first mention with its definition. */
export function LabText({ text }: { text: string }) {
  return (
    <>
      {markLabText(text, glossary).map((piece, i) =>
        piece.code ? (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
            {piece.text}
          </code>
        ) : piece.term ? (
          <GlossaryTerm key={i} term={piece.term}>
            {piece.text}
          </GlossaryTerm>
        ) : (
          <span key={i}>{piece.text}</span>
        ),
      )}
    </>
  );
}
