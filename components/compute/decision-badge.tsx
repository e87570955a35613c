import { Badge } from "@/components/ui";

const labels = { Allow: "Allowed", ExplicitDeny: "Explicit deny", ImplicitDeny: "Implicit deny", "n/a": "n/a" } as const;

export function DecisionBadge({ decision }: { decision: keyof typeof labels }) {
  const tone = decision === "Allow" ? "green" : decision === "ExplicitDeny" ? "red" : decision === "n/a" ? "slate" : "amber";
  return <Badge tone={tone}>{labels[decision]}</Badge>;
}
