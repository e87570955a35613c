import { NextResponse, type NextRequest } from "next/server";

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

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  const isPublic = publicPaths.some((p) => pathname === p || pathname.startsWith(`${p}/`));

  if (!isPublic && !request.cookies.get(sessionCookieName)?.value) {
    if (pathname.startsWith("/api/") || request.headers.has("next-action")) {
      return NextResponse.json({ code: "Unauthenticated", message: "Sign in to use the console." }, { status: 401, headers: { "content-security-policy": csp } });
    }
    const signIn = new URL("/sign-in", request.url);
    if (pathname !== "/") signIn.searchParams.set("next", pathname + search);
    return NextResponse.redirect(signIn, { headers: { "content-security-policy": csp } });
  }

  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Static build output needs neither a session nor a nonce.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
