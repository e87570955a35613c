import { NextResponse, type NextRequest } from "next/server";
import { splitWorkspacePath, workspaceHeader } from "./lib/workspaces/workspace-path";
import { refuseLargeBody } from "./app/server/large-body-gate";
import { percentDecoded } from "./lib/percent-decoding";

// Runs before every request: sets a per-request Content Security Policy (Next applies its nonce to
// its own scripts) and turns away requests without a session cookie. The session itself is
// verified where the data is — pages, route handlers and the action client — so a forged cookie
// gets no further than this.

const sessionCookieName = "roleplay_session";

const publicPaths = ["/sign-in", "/forbidden", "/icon.svg", "/favicon.ico"];

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // React and React Flow set style attributes; no inline <style> of ours needs more.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * A server action's body as Next decodes it: a JSON array (text/plain) or a multipart form. Next
 * answers anything else with a 500 before our code runs; we answer 400 instead.
 */
async function malformedActionBody(request: NextRequest): Promise<string | null> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.startsWith("text/plain")) {
      const value: unknown = JSON.parse(await request.clone().text());
      return Array.isArray(value) ? null : "the body must be a JSON array of the action's arguments";
    }
    if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
      await request.clone().formData();
      return null;
    }
    return `a server action takes text/plain or a form, not ${type || "no content type"}`;
  } catch {
    return "the body is not a well-formed server action request";
  }
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  const isPublic = publicPaths.some((p) => pathname === p || pathname.startsWith(`${p}/`));

  // A malformed escape (`%E0%A4%A`) names no page: said here, before Next's router fails on it with a bare 500.
  if (percentDecoded(pathname) === undefined) {
    const message = "The address has a malformed %-escape: check the link or the name typed into it.";
    if (pathname.includes("/api/")) return NextResponse.json({ code: "InvalidInput", message }, { status: 400, headers: { "content-security-policy": csp } });
    return new NextResponse(message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8", "content-security-policy": csp } });
  }

  if (!isPublic && !request.cookies.get(sessionCookieName)?.value) {
    if (pathname.startsWith("/api/") || request.headers.has("next-action")) {
      return NextResponse.json({ code: "Unauthenticated", message: "Sign in to use the console." }, { status: 401, headers: { "content-security-policy": csp } });
    }
    const signIn = new URL("/sign-in", request.url);
    if (pathname !== "/") signIn.searchParams.set("next", pathname + search);
    return NextResponse.redirect(signIn, { headers: { "content-security-policy": csp } });
  }

  // A large body is read only for a user who may upload: decided on the session before reading it.
  const refusal = await refuseLargeBody({
    method: request.method,
    contentLength: request.headers.get("content-length"),
    transferEncoding: request.headers.get("transfer-encoding"),
    sessionToken: request.cookies.get(sessionCookieName)?.value,
    workspace: splitWorkspacePath(pathname)?.workspace ?? null,
  });
  if (refusal) return NextResponse.json({ code: "RequestEntityTooLarge", message: refusal }, { status: 413, headers: { "content-security-policy": csp, connection: "close" } });

  if (request.method === "POST" && request.headers.has("next-action")) {
    const problem = await malformedActionBody(request);
    if (problem) return NextResponse.json({ code: "InvalidInput", message: `Malformed server action request: ${problem}.` }, { status: 400, headers: { "content-security-policy": csp } });
  }

  // The workspace is in the URL (/w/NAME/…): the page or route sees the path without it and the
  // name in a header. Console links from before workspaces open demo.
  const scoped = splitWorkspacePath(pathname);
  if (!scoped && request.method === "GET" && /^\/\d{12}(?=\/|$)/.test(pathname)) {
    // On the host the browser used (its Host header): Next's own URL says "localhost" for 127.0.0.1,
    // where the session cookie would not follow.
    const origin = `${request.nextUrl.protocol}//${request.headers.get("host") ?? request.nextUrl.host}`;
    return NextResponse.redirect(new URL(`/w/demo${pathname}${search}`, origin), { headers: { "content-security-policy": csp } });
  }
  // Only the URL names the workspace: a client's own header is dropped (every door still checks
  // that the user may work in the request's workspace, account-access.ts).
  const headers = new Headers(request.headers);
  headers.delete(workspaceHeader);
  if (scoped) headers.set(workspaceHeader, scoped.workspace);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  // The path itself is mapped by next.config.ts's rewrite (/w/NAME/… → /…), inside Next's router:
  // a rewrite from here would be forwarded with a host of Next's choosing ("localhost" for
  // 127.0.0.1), and server actions behind it refused as forgeries.
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Static build output needs neither a session nor a nonce.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
