import type { AttachablePolicy } from "@/lib/iam/managed-policies";
import { PolicyJson } from "./policy-json";
import { Badge, EmptyState, TextLink } from "./ui";

type Inline = { name: string; document: unknown };

/** An identity's inline policies, shown whole, and its attached managed policies, folded. */
export function PolicyList({ account, inline, attached, emptyText }: { account: string; inline: Inline[]; attached: AttachablePolicy[]; emptyText: string }) {
  if (!inline.length && !attached.length) return <EmptyState title={emptyText} />;
  return (
    <div className="space-y-5">
      {inline.map((p) => (
        <div key={p.name}>
          <h3 className="mb-2 flex items-center gap-2 text-sm font-medium text-slate-900">{p.name} <Badge>inline</Badge></h3>
          <PolicyJson document={p.document} label={`Inline policy ${p.name}`} />
        </div>
      ))}
      {attached.map((p) => (
        // The link sits over the summary's row rather than inside it: a summary is a button, and a
        // link inside a button is out of reach of keyboards and screen readers.
        <div key={p.arn} className="relative">
          <details className="rounded-lg border border-slate-200">
            <summary className="flex cursor-pointer items-center gap-2 py-2 pl-3 pr-28 text-sm">
              <span className="font-medium text-slate-900">{p.name}</span>
              <Badge tone={p.kind === "aws" ? "amber" : "indigo"}>{p.kind === "aws" ? "AWS managed" : "customer managed"}</Badge>
            </summary>
            <div className="border-t border-slate-100 p-3">
              <PolicyJson document={JSON.parse(p.text)} label={`Managed policy ${p.name}`} />
            </div>
          </details>
          <span className="absolute right-3 top-0 flex h-9 items-center text-xs">
            <TextLink href={`/${account}/policies/${encodeURIComponent(p.arn)}`}>
              Open policy<span className="sr-only"> {p.name}</span>
            </TextLink>
          </span>
        </div>
      ))}
    </div>
  );
}
