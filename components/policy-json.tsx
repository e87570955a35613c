// A policy document, formatted and highlighted, with line numbers (server-rendered, no script).

type Token = { text: string; className: string };

const tokenPattern = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\],])|(\s+)|(.)/g;

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  for (const m of line.matchAll(tokenPattern)) {
    if (m[1] !== undefined) {
      tokens.push({ text: m[1], className: m[2] ? "text-indigo-700" : "text-emerald-700" });
      if (m[2]) tokens.push({ text: m[2], className: "text-slate-500" });
    } else if (m[3] !== undefined) tokens.push({ text: m[3], className: "text-amber-700" });
    else if (m[4] !== undefined) tokens.push({ text: m[4], className: "text-sky-700" });
    else if (m[5] !== undefined) tokens.push({ text: m[5], className: "text-slate-500" });
    else tokens.push({ text: m[0], className: "" });
  }
  return tokens;
}

/** Pretty-prints a document (re-indented from its parsed form) with syntax colours. */
export function PolicyJson({ document, label }: { document: unknown; label: string }) {
  const lines = JSON.stringify(document, null, 2).split("\n");
  return (
    // The figure scrolls sideways for long lines, so it takes focus (keyboard users scroll it with
    // the arrow keys) and its caption names it.
    <figure className="overflow-x-auto rounded-lg border border-slate-200 bg-slate-50" tabIndex={0}>
      <figcaption className="sr-only">{label}</figcaption>
      <pre className="py-3 text-[13px] leading-5">
        <code className="font-mono">
          {lines.map((line, i) => (
            <span key={i} className="grid grid-cols-[3rem_1fr]">
              <span aria-hidden className="select-none pr-3 text-right text-slate-500">{i + 1}</span>
              <span className="whitespace-pre pr-4">
                {tokenize(line).map((t, j) => (
                  <span key={j} className={t.className}>{t.text}</span>
                ))}
              </span>
            </span>
          ))}
        </code>
      </pre>
    </figure>
  );
}
