//! `textDocument/codeAction`: quick fixes, "fix all RULE", `source.fixAll.newslint` and
//! "disable RULE for this line".
//!
//! Actions are computed from the analysis of the current text and carry the version they were
//! computed for (when the client accepts versioned edits), so a client applies them only to
//! the text they were made for.

use crate::core::fix::{chosen_edits, FixLevel};
use crate::core::{self, Safety};
use crate::server::documents::Analysis;
use crate::server::encoding::{self, Encoding};
use crate::server::session::{Session, Want};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit,
    Url, WorkspaceEdit,
};

/// Safe fixes for the whole document, for format-on-save.
pub const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.newslint");

pub async fn code_action(
    session: &Arc<Session>,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some((_slot, a)) = session.analysed(&uri, Want::Latest).await else {
        return Ok(None);
    };
    let caps = session.caps();
    let text = a.rope.to_string();
    let ctx = Ctx {
        uri: &uri,
        analysis: &a,
        text: &text,
        encoding: caps.encoding,
        versioned: caps.document_changes,
    };
    let requested = ctx.encoding.byte_offset(&a.rope, params.range.start)
        ..ctx.encoding.byte_offset(&a.rope, params.range.end);
    let only = params.context.only;
    let wants = |kind: &CodeActionKind| {
        only.as_ref().is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(o.as_str())
                        && kind.as_str()[o.as_str().len()..].starts_with('.')
            })
        })
    };
    let mut actions = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        let touching: Vec<usize> = (0..a.diagnostics.len())
            .filter(|&i| touches(&a.diagnostics[i].range, &requested))
            .collect();
        for &i in &touching {
            if let Some(action) = ctx.quick_fix(i) {
                actions.push(action);
            }
        }
        let rules: BTreeSet<&'static str> = touching
            .iter()
            .map(|&i| a.diagnostics[i].rule.name)
            .collect();
        for rule in rules {
            if let Some(action) = ctx.fix_all_of_rule(rule) {
                actions.push(action);
            }
        }
        let mut lines = BTreeSet::new();
        for &i in &touching {
            let d = &a.diagnostics[i];
            let line = encoding::line_of(&a.rope, d.range.start);
            if lines.insert((line, d.rule.name)) {
                actions.push(ctx.disable_for_line(i, line));
            }
        }
    }
    if wants(&FIX_ALL) {
        if let Some(action) = ctx.fix_all_safe() {
            actions.push(action);
        }
    }
    Ok(Some(actions))
}

/// Whether a diagnostic's range meets the requested range (a cursor at either end counts).
fn touches(d: &Range<usize>, requested: &Range<usize>) -> bool {
    d.start <= requested.end && requested.start <= d.end
}

struct Ctx<'a> {
    uri: &'a Url,
    analysis: &'a Analysis,
    /// The analysed text.
    text: &'a str,
    encoding: Encoding,
    versioned: bool,
}

impl Ctx<'_> {
    fn text_edit(&self, range: Range<usize>, new_text: String) -> TextEdit {
        TextEdit {
            range: self.encoding.range(&self.analysis.rope, range),
            new_text,
        }
    }

    fn workspace_edit(&self, edits: Vec<TextEdit>) -> WorkspaceEdit {
        if self.versioned {
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: self.uri.clone(),
                        version: Some(self.analysis.version),
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..WorkspaceEdit::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(HashMap::from([(self.uri.clone(), edits)])),
                ..WorkspaceEdit::default()
            }
        }
    }

    fn action(
        &self,
        title: String,
        kind: CodeActionKind,
        diagnostics: Vec<usize>,
        edits: Vec<TextEdit>,
        preferred: bool,
    ) -> CodeActionOrCommand {
        CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(kind),
            diagnostics: (!diagnostics.is_empty()).then(|| {
                diagnostics
                    .iter()
                    .map(|&i| self.analysis.lsp[i].clone())
                    .collect()
            }),
            edit: Some(self.workspace_edit(edits)),
            is_preferred: preferred.then_some(true),
            ..CodeAction::default()
        })
    }

    /// The edits of the fixes of `diagnostics` that apply cleanly together.
    fn edits(&self, diagnostics: &[core::Diagnostic], level: FixLevel) -> Vec<TextEdit> {
        let (edits, _) = chosen_edits(self.text, diagnostics, level);
        edits
            .into_iter()
            .map(|e| self.text_edit(e.range.clone(), e.replacement.clone()))
            .collect()
    }

    /// The diagnostic's own fix, preferred when it is safe.
    fn quick_fix(&self, i: usize) -> Option<CodeActionOrCommand> {
        let d = &self.analysis.diagnostics[i];
        let fix = d.fix.as_ref()?;
        if fix.safety == Safety::DisplayOnly {
            return None;
        }
        let edits = self.edits(std::slice::from_ref(d), FixLevel::Unsafe);
        if edits.is_empty() {
            return None;
        }
        Some(self.action(
            fix.title.clone(),
            CodeActionKind::QUICKFIX,
            vec![i],
            edits,
            fix.safety == Safety::Safe,
        ))
    }

    /// Every fix of one rule in the document, when there is more than one.
    fn fix_all_of_rule(&self, rule: &str) -> Option<CodeActionOrCommand> {
        let (indices, of_rule): (Vec<usize>, Vec<core::Diagnostic>) = self
            .analysis
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.rule.name == rule
                    && d.fix
                        .as_ref()
                        .is_some_and(|f| f.safety != Safety::DisplayOnly)
            })
            .map(|(i, d)| (i, d.clone()))
            .unzip();
        if of_rule.len() < 2 {
            return None;
        }
        let unsafe_ = of_rule
            .iter()
            .any(|d| d.fix.as_ref().is_some_and(|f| f.safety == Safety::Unsafe));
        let edits = self.edits(&of_rule, FixLevel::Unsafe);
        if edits.is_empty() {
            return None;
        }
        let note = if unsafe_ {
            " (includes editorial changes)"
        } else {
            ""
        };
        Some(self.action(
            format!("Fix all {rule} problems in this document{note}"),
            CodeActionKind::QUICKFIX,
            indices,
            edits,
            false,
        ))
    }

    /// Every safe fix in the document.
    fn fix_all_safe(&self) -> Option<CodeActionOrCommand> {
        let edits = self.edits(&self.analysis.diagnostics, FixLevel::Safe);
        if edits.is_empty() {
            return None;
        }
        Some(self.action(
            "Fix all safe newslint problems".to_string(),
            FIX_ALL,
            Vec::new(),
            edits,
            false,
        ))
    }

    /// Inserts `<!-- newslint-disable-next-line RULE -->` on its own line above the
    /// diagnostic's line (keeping its indentation and line ending), or adds the rule to such a
    /// comment already there.
    fn disable_for_line(&self, i: usize, line: usize) -> CodeActionOrCommand {
        let a = self.analysis;
        let rule = a.diagnostics[i].rule.name;
        let title = format!("Disable {rule} for this line");
        if line > 0 {
            let prev = encoding::line_bytes(&a.rope, line - 1);
            let prev_text = &self.text[prev.clone()];
            let trimmed = prev_text.trim();
            if trimmed.starts_with("<!--")
                && trimmed.ends_with("-->")
                && trimmed.contains("newslint-disable-next-line")
            {
                if let Some(close) = prev_text.rfind("-->") {
                    let at = prev.start + prev_text[..close].trim_end().len();
                    let edit = self.text_edit(at..at, format!(", {rule}"));
                    return self.action(
                        title,
                        CodeActionKind::QUICKFIX,
                        vec![i],
                        vec![edit],
                        false,
                    );
                }
            }
        }
        let start = encoding::line_bytes(&a.rope, line).start;
        let indent: String = self.text[start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let eol = match encoding::line_break(&a.rope, line) {
            "" if line > 0 => encoding::line_break(&a.rope, line - 1),
            "" => "\n",
            eol => eol,
        };
        let edit = self.text_edit(
            start..start,
            format!("{indent}<!-- newslint-disable-next-line {rule} -->{eol}"),
        );
        self.action(title, CodeActionKind::QUICKFIX, vec![i], vec![edit], false)
    }
}

/// The kinds advertised in the server's capabilities.
pub fn kinds() -> Vec<CodeActionKind> {
    vec![CodeActionKind::QUICKFIX, FIX_ALL]
}
