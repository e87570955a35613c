"use client";

import { useEffect, useRef } from "react";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { bracketMatching, foldGutter, HighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, type DecorationSet } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import type { Finding } from "@/lib/policy/validate";

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "#4338ca" },
  { tag: tags.string, color: "#047857" },
  { tag: tags.number, color: "#b45309" },
  { tag: [tags.bool, tags.null], color: "#0369a1" },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: "#64748b" },
]);

const theme = EditorView.theme({
  "&": { fontSize: "13px", backgroundColor: "#ffffff", height: "100%" },
  ".cm-scroller": { fontFamily: "var(--font-geist-mono), ui-monospace, monospace", lineHeight: "1.55" },
  ".cm-gutters": { backgroundColor: "#f8fafc", borderRight: "1px solid #e2e8f0", color: "#94a3b8" },
  ".cm-activeLine": { backgroundColor: "#f1f5f966" },
  ".cm-activeLineGutter": { backgroundColor: "#eef2ff" },
  "&.cm-focused": { outline: "none" },
  ".cm-deciding-line": { backgroundColor: "#fef3c7" },
  ".cm-deciding-line.cm-activeLine": { backgroundColor: "#fde68a" },
  ".cm-tooltip-lint": { fontFamily: "var(--font-geist-sans), sans-serif", fontSize: "12px" },
});

/** Lines to highlight: the deciding statement of a "can this role…" answer. */
const setHighlight = StateEffect.define<{ from: number; to: number } | null>();
const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    let next = decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setHighlight)) continue;
      if (!effect.value) next = Decoration.none;
      else {
        const doc = transaction.state.doc;
        const ranges = [];
        for (let line = effect.value.from; line <= Math.min(effect.value.to, doc.lines); line++) ranges.push(Decoration.line({ class: "cm-deciding-line" }).range(doc.line(line).from));
        next = Decoration.set(ranges);
      }
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const severityOf: Record<Finding["severity"], Diagnostic["severity"]> = { ERROR: "error", SECURITY_WARNING: "warning", WARNING: "warning", SUGGESTION: "info" };

function toDiagnostics(state: EditorState, findings: Finding[]): Diagnostic[] {
  const doc = state.doc;
  return findings.map((f) => {
    const line = doc.line(Math.min(Math.max(f.line, 1), doc.lines));
    const from = Math.min(line.from + Math.max(f.column - 1, 0), line.to);
    // Underline to the end of the token the finding points at, or at least one character.
    const rest = doc.sliceString(from, line.to);
    const token = /^("(?:[^"\\]|\\.)*"|[^\s,:}\]]+)/.exec(rest)?.[0].length ?? 1;
    return { from, to: Math.min(from + Math.max(token, 1), line.to === from ? from : line.to), severity: severityOf[f.severity], message: `${f.severity.replace("_", " ")} ${f.code}: ${f.message}`, source: "Roleplay validator" };
  });
}

export interface JsonEditorHandle {
  focusLine: (line: number) => void;
}

/**
 * CodeMirror 6 on a policy's text: JSON highlighting, the validator's findings underlined in the
 * text and marked in the gutter, and the deciding statement's lines highlighted.
 */
export function JsonEditor({
  value,
  onChange,
  findings,
  highlightLines,
  label,
  readOnly = false,
  focusRequest,
}: {
  value: string;
  onChange: (text: string) => void;
  findings: Finding[];
  highlightLines: { from: number; to: number } | null;
  label: string;
  readOnly?: boolean;
  /** Move the cursor to this line when it changes (a finding was clicked). */
  focusRequest?: { line: number; column: number; nonce: number } | null;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const extensions: Extension[] = [
      lineNumbers(),
      foldGutter(),
      lintGutter(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      history(),
      bracketMatching(),
      indentOnInput(),
      json(),
      syntaxHighlighting(highlight),
      keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
      highlightField,
      theme,
      EditorState.readOnly.of(readOnly),
      EditorView.contentAttributes.of({ "aria-label": label, "data-testid": "policy-editor" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChangeRef.current(update.state.doc.toString());
      }),
    ];
    const editor = new EditorView({ parent: host.current!, state: EditorState.create({ doc: value, extensions }) });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later values flow in through the effect below.
  }, [readOnly, label]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(setDiagnostics(editor.state, toDiagnostics(editor.state, findings)));
  }, [findings, value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch({ effects: setHighlight.of(highlightLines) });
    if (highlightLines && highlightLines.from <= editor.state.doc.lines) {
      editor.dispatch({ effects: EditorView.scrollIntoView(editor.state.doc.line(highlightLines.from).from, { y: "center" }) });
    }
  }, [highlightLines, value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || !focusRequest) return;
    const line = editor.state.doc.line(Math.min(Math.max(focusRequest.line, 1), editor.state.doc.lines));
    const pos = Math.min(line.from + Math.max(focusRequest.column - 1, 0), line.to);
    editor.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
    editor.focus();
  }, [focusRequest]);

  return <div ref={host} className="h-full min-h-[22rem] overflow-hidden" />;
}
