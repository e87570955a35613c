"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ActionError, ActionResult } from "@/app/server/action-client";
import type { BuilderService } from "@/lib/designer/service-catalog";
import type { AttachableRow } from "@/lib/iam/attachable-policies";
import type { DesignerPolicyType, DraftTarget } from "@/lib/designer/designer-schemas";
import { previewDraftAction, validateDraftAction } from "@/app/server/actions/role-designer";
import { fetchJson } from "@/components/fetch-json";

/** Query keys for the designer's reads, in one place. */
export const designerKeys = {
  all: ["designer"] as const,
  services: () => [...designerKeys.all, "services"] as const,
  service: (prefix: string) => [...designerKeys.all, "service", prefix.toLowerCase()] as const,
  pattern: (pattern: string) => [...designerKeys.all, "pattern", pattern] as const,
  attachable: (account: string, query: string) => [...designerKeys.all, "attachable", account, query] as const,
  validate: (policyType: string, text: string) => [...designerKeys.all, "validate", policyType, text] as const,
  preview: (account: string, target: DraftTarget, text: string) => [...designerKeys.all, "preview", account, target, text] as const,
};

/** An action's error, kept whole so the UI can show its code and details. */
export class ActionFailure extends Error {
  constructor(readonly error: ActionError) {
    super(error.message);
  }
}

export async function unwrap<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const outcome = await result;
  if (!outcome.ok) throw new ActionFailure(outcome.error);
  return outcome.data;
}

const getJson = <T,>(url: string) => fetchJson<T>(url, `Could not load ${url}`);

/** The value, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

type ServiceList = { services: { prefix: string; name: string }[]; globalConditionKeys: { name: string; type: string; description: string }[] };

export function useCatalogServices() {
  return useQuery({ queryKey: designerKeys.services(), queryFn: () => getJson<ServiceList>("/api/catalog/services"), staleTime: Infinity });
}

export function useBuilderService(prefix: string | undefined) {
  return useQuery({
    queryKey: designerKeys.service(prefix ?? ""),
    queryFn: () => getJson<BuilderService>(`/api/catalog/services/${encodeURIComponent(prefix!)}`),
    enabled: Boolean(prefix),
    staleTime: Infinity,
  });
}

export function useActionPattern(pattern: string) {
  return useQuery({
    queryKey: designerKeys.pattern(pattern),
    queryFn: () => getJson<{ count: number; actions: { id: string; level: string }[] }>(`/api/catalog/action-pattern?pattern=${encodeURIComponent(pattern)}`),
    enabled: /^[^:\s]+:\S*$/.test(pattern) || pattern === "*",
    staleTime: Infinity,
  });
}

export function useAttachablePolicies(account: string, query: string) {
  return useQuery({
    queryKey: designerKeys.attachable(account, query),
    queryFn: () => getJson<AttachableRow[]>(`/api/accounts/${account}/attachable-policies?q=${encodeURIComponent(query)}`),
    placeholderData: keepPreviousData,
  });
}

export function useValidation(policyType: DesignerPolicyType, text: string) {
  return useQuery({
    queryKey: designerKeys.validate(policyType, text),
    queryFn: () => unwrap(validateDraftAction({ text, policyType })),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

export function usePreview(account: string, target: DraftTarget, text: string, enabled: boolean) {
  return useQuery({
    queryKey: designerKeys.preview(account, target, text),
    queryFn: () => unwrap(previewDraftAction({ accountId: account, target, text })),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 30_000,
    retry: false,
  });
}
