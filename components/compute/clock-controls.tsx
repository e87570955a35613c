"use client";

import { Badge } from "@/components/ui";
import { advanceClockAction, pauseClockAction, resumeClockAction } from "@/app/server/actions/sessions";
import { useConsoleMutation } from "@/components/console-mutation";
import { IfAllowed } from "@/components/console-permissions";

type Clock = { now: string; paused: boolean; offsetSeconds: number };

function offsetText(seconds: number): string {
  if (seconds === 0) return "real time";
  const sign = seconds > 0 ? "+" : "−";
  const abs = Math.abs(seconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  return `${sign}${h} h ${String(m).padStart(2, "0")} min from real time`;
}

/** The workspace clock, for everyone, and its controls — pause, +1 h, resume — for those who may edit. */
export function ClockControls({ accountId, clock }: { accountId: string; clock: Clock }) {
  const pause = useConsoleMutation(pauseClockAction);
  const resume = useConsoleMutation(resumeClockAction);
  const advance = useConsoleMutation(advanceClockAction);
  const pending = pause.isPending || resume.isPending || advance.isPending;
  const error = pause.error ?? resume.error ?? advance.error;

  const button = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50";
  return (
    <div role="group" className="flex flex-wrap items-center gap-3" aria-label="Workspace clock">
      <div className="text-sm">
        <span className="text-slate-500">Workspace clock </span>
        <time dateTime={clock.now} className="font-mono" data-testid="workspace-clock">{clock.now.replace("T", " ").replace(/\.\d{3}Z$/, " UTC")}</time>{" "}
        <Badge tone={clock.paused ? "amber" : "green"}>{clock.paused ? "paused" : "running"}</Badge>{" "}
        <span className="text-xs text-slate-500">{offsetText(clock.offsetSeconds)}</span>
      </div>
      <IfAllowed permission="edit">
      <div className="flex gap-2">
        {clock.paused ? (
          <button type="button" className={button} disabled={pending} onClick={() => resume.mutate({ accountId })}>Resume</button>
        ) : (
          <button type="button" className={button} disabled={pending} onClick={() => pause.mutate({ accountId })}>Pause</button>
        )}
        <button type="button" className={button} disabled={pending} onClick={() => advance.mutate({ accountId, seconds: 3600 })}>+1 h</button>
      </div>
      </IfAllowed>
      {error && <p role="alert" className="w-full text-xs text-rose-700">{error.message || "The clock did not change."}</p>}
    </div>
  );
}
