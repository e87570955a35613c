import { diffAuditValues } from "@/lib/audit/diff-lines";

const styles = {
  same: "text-slate-600",
  added: "bg-emerald-50 text-emerald-800",
  removed: "bg-rose-50 text-rose-800",
};
const marks = { same: " ", added: "+", removed: "−" };

/** Before and after of an audit entry as a line diff, with + and − marks for colour-blind readers. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const lines = diffAuditValues(before, after);
  if (!lines.length) return <p className="text-sm text-slate-500">No before or after recorded.</p>;
  return (
    // A named figure, focusable because long lines scroll sideways (a named <pre> is not announced).
    <figure className="overflow-x-auto rounded-md border border-slate-200 bg-white" tabIndex={0} aria-label="Changes, before and after">
      <pre className="py-2 text-[12.5px] leading-5">
        <code className="font-mono">
          {lines.map((line, i) => (
            <span key={i} className={`block whitespace-pre px-3 ${styles[line.kind]}`}>
              <span aria-hidden className="mr-2 select-none">{marks[line.kind]}</span>
              {line.kind !== "same" && <span className="sr-only">{line.kind === "added" ? "added: " : "removed: "}</span>}
              {line.text}
            </span>
          ))}
        </code>
      </pre>
    </figure>
  );
}
