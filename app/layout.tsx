import type { Metadata } from "next";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import { headers } from "next/headers";
import { Providers } from "./providers";
import { workspaceHeader } from "@/lib/workspaces/workspace-path";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Roleplay", template: "%s · Roleplay" },
  description: "Design AWS IAM roles and see what they really allow.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The workspace the request's URL names (the proxy's header), for links rendered on the server.
  const workspace = (await headers()).get(workspaceHeader);
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        <Providers workspace={workspace}>{children}</Providers>
      </body>
    </html>
  );
}
