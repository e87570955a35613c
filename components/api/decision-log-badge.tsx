import { Badge, type Tone } from "@/components/ui";

const look: Record<string, { label: string; tone: Tone }> = {
  Allow: { label: "Allowed", tone: "green" },
  ExplicitDeny: { label: "Explicit deny", tone: "red" },
  ImplicitDeny: { label: "Implicit deny", tone: "amber" },
  Unauthenticated: { label: "Not authenticated", tone: "slate" },
  Error: { label: "Refused before authorization", tone: "slate" },
};

/** A decision log entry's decision, as a badge. */
export function DecisionLogBadge({ decision }: { decision: string }) {
  const { label, tone } = look[decision] ?? { label: decision, tone: "slate" as Tone };
  return <Badge tone={tone}>{label}</Badge>;
}
