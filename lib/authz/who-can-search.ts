/** A who-can question as the console asks it: the action, the resource, and the request keys added. */
export type WhoCanQuestionInput = { action: string; resource: string; resourceAccount?: string; context: Record<string, string | string[]> };

/**
 * A who-can question as the who-can page's URL holds it, so a reload or a shared link asks it again:
 * `?action=…&resource=…&resourceAccount=…&ctx=KEY=VALUE…` (a key given twice is multi-valued).
 */
export function whoCanSearch(question: WhoCanQuestionInput): string {
  const params = new URLSearchParams({ action: question.action, resource: question.resource });
  if (question.resourceAccount) params.set("resourceAccount", question.resourceAccount);
  for (const [k, v] of Object.entries(question.context)) for (const x of Array.isArray(v) ? v : [v]) params.append("ctx", `${k}=${x}`);
  return params.toString();
}

type SearchValue = string | string[] | undefined;

/** The question of the who-can page's search parameters (the inverse of whoCanSearch), or undefined when it names none. */
export function readWhoCanSearch(search: Record<string, SearchValue>): WhoCanQuestionInput | undefined {
  const one = (v: SearchValue) => (Array.isArray(v) ? v[0] : v);
  const action = one(search.action);
  const resource = one(search.resource);
  const resourceAccount = one(search.resourceAccount);
  if (!action || !resource) return undefined;
  const context: Record<string, string | string[]> = {};
  for (const entry of [search.ctx ?? []].flat()) {
    const at = entry.indexOf("=");
    if (at <= 0) continue;
    const key = entry.slice(0, at);
    const before = context[key];
    context[key] = before === undefined ? entry.slice(at + 1) : [...[before].flat(), entry.slice(at + 1)];
  }
  return { action, resource, ...(resourceAccount ? { resourceAccount } : {}), context };
}
