import { mayUseWorkspace, roleAllows, type ConsoleRole } from "./auth/console-roles";

/**
 * The most the console accepts in one upload: an import's files together, or a backup to
 * restore. The forms check it before sending, the server actions check it again, and the
 * transport (Next's proxy and server actions, next.config.ts) lets a little more through whole,
 * so that what refuses a file too big is always this message, never a body cut short.
 */
export const UPLOAD_LIMIT_MB = 40;
export const UPLOAD_LIMIT_BYTES = UPLOAD_LIMIT_MB * 1024 * 1024;

/** What the proxy and server actions accept: the limit plus room for the action's own envelope. */
export const UPLOAD_TRANSPORT_BYTES = UPLOAD_LIMIT_BYTES + 1024 * 1024;

/** The bytes texts take in a server action's body: UTF-8 JSON strings, escapes included. */
export function uploadBytes(texts: readonly string[]): number {
  let bytes = 0;
  for (const text of texts) bytes += new TextEncoder().encode(JSON.stringify(text)).length;
  return bytes;
}

/** The refusal of an upload of `bytes` bytes; `what` names it ("The files", "The backup"). */
export function describeUploadTooLarge(bytes: number, what: string): string {
  return `${what}: ${(bytes / (1024 * 1024)).toFixed(1)} MB, over the upload limit of ${UPLOAD_LIMIT_MB} MB.`;
}

/**
 * The largest body any other request needs: policies, forms and simulations are far smaller. A
 * larger one is an upload, read only for a user who may upload (below) — the check comes before
 * a byte of it is read, so nobody else can make the server buffer 40 MB.
 */
export const SMALL_BODY_BYTES = 1024 * 1024;

/**
 * Why a body larger than SMALL_BODY_BYTES is refused for this user in this workspace, or null
 * when it may be read: uploads are imports (the `import` permission) and restores (`admin`), and
 * none is larger than the upload limit.
 */
export function largeBodyRefusal(user: { role: ConsoleRole; workspaceIds: readonly string[] } | null, workspace: string | null, declaredBytes?: number): string | null {
  if (!user) return "Sign in to upload.";
  // Over the limit for everyone: refused by its declared length, before Next would cut it short.
  if (declaredBytes !== undefined && declaredBytes > UPLOAD_TRANSPORT_BYTES) return describeUploadTooLarge(declaredBytes, "The upload");
  if (!roleAllows(user.role, "import") && !roleAllows(user.role, "admin")) {
    return `Requests over ${SMALL_BODY_BYTES / (1024 * 1024)} MB are uploads (an import, or a backup to restore), which your console role (${user.role}) may not make.`;
  }
  if (workspace !== null && !mayUseWorkspace(user, workspace)) return `You may not upload into workspace ${workspace}.`;
  return null;
}
