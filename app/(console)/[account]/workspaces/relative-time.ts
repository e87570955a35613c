/** How long before `now` `at` was, as people say it: "just now", "4 min ago", "3 h ago", "2 days ago". */
export function relativeTime(at: string, now: string): string {
  const seconds = Math.round((new Date(now).getTime() - new Date(at).getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? "" : "s"} ago`;
}
