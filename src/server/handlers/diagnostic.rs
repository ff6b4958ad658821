//! Diagnostics as LSP sees them, and `textDocument/diagnostic` (pull).
//!
//! Each diagnostic carries the rule name as `code`, a link to the rule's page as
//! `codeDescription.href`, `source: "newslint"`, the severity the config gives the rule, and
//! the rule's related locations (for naming: where the other forms are).

use crate::core::{self, Related, Severity};
use crate::server::documents::Analysis;
use crate::server::encoding::{Encoding, Located};
use crate::server::session::{Session, Want};
use crate::server::workspace::MAX_INDEXED_BYTES;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, Location, NumberOrString, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport, Url,
};

pub const SOURCE: &str = "newslint";

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Converts core diagnostics, found in `text` (the contents of `rope`), for the client.
pub struct Converter<'a> {
    pub session: &'a Session,
    pub uri: &'a Url,
    pub rope: &'a Rope,
    pub text: &'a str,
    pub encoding: Encoding,
    located: Located<'a>,
    docs: Option<Url>,
    /// Rule pages, looked up once per rule.
    hrefs: HashMap<&'static str, Option<Url>>,
}

impl<'a> Converter<'a> {
    pub fn new(session: &'a Session, uri: &'a Url, rope: &'a Rope, text: &'a str) -> Self {
        Converter {
            session,
            uri,
            rope,
            text,
            encoding: session.encoding(),
            located: Located::new(rope, text),
            docs: session.docs_base(),
            hrefs: HashMap::new(),
        }
    }

    pub fn convert(&mut self, d: &core::Diagnostic) -> Diagnostic {
        let docs = &self.docs;
        let href = self
            .hrefs
            .entry(d.rule.name)
            .or_insert_with(|| docs.as_ref()?.join(&format!("{}.md", d.rule.name)).ok())
            .clone();
        to_lsp(self, d, href)
    }
}

fn to_lsp(c: &Converter, d: &core::Diagnostic, href: Option<Url>) -> Diagnostic {
    let related: Vec<_> = d.related.iter().filter_map(|r| related(c, r)).collect();
    Diagnostic {
        range: c.located.range(c.encoding, d.range.clone()),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.name.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A related location: in the same document, or in another story (open in the editor, or
/// read from disk to place the range).
fn related(c: &Converter, r: &Related) -> Option<DiagnosticRelatedInformation> {
    let (uri, range) = match &r.document {
        None => (c.uri.clone(), c.located.range(c.encoding, r.range.clone())),
        Some(path) => {
            let other = Url::from_file_path(path).ok()?;
            let text = match c.session.documents.snapshot(&other) {
                Some(s) => s.rope,
                None => std::fs::metadata(path)
                    .ok()
                    .filter(|m| m.len() <= MAX_INDEXED_BYTES)
                    .and_then(|_| std::fs::read_to_string(path).ok())
                    .map(|t| Rope::from_str(&t))
                    .unwrap_or_default(),
            };
            let range = c.encoding.range(&text, r.range.clone());
            (other, range)
        }
    };
    Some(DiagnosticRelatedInformation {
        location: Location { uri, range },
        message: r.message.clone(),
    })
}

/// What a pull finds: the current diagnostics, or word that the client has them already.
pub enum Pulled {
    Full {
        result_id: Option<String>,
        analysis: Option<Arc<Analysis>>,
    },
    Unchanged {
        result_id: String,
    },
}

impl Pulled {
    fn items(&self) -> &[Diagnostic] {
        match self {
            Pulled::Full {
                analysis: Some(a), ..
            } => &a.lsp,
            _ => &[],
        }
    }
}

/// Serializes as the LSP report (`{"kind": "full", "resultId", "items"}` or
/// `{"kind": "unchanged", "resultId"}`), borrowing the diagnostics.
impl serde::Serialize for Pulled {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        match self {
            Pulled::Full { result_id, .. } => {
                map.serialize_entry("kind", "full")?;
                if let Some(id) = result_id {
                    map.serialize_entry("resultId", id)?;
                }
                map.serialize_entry("items", self.items())?;
            }
            Pulled::Unchanged { result_id } => {
                map.serialize_entry("kind", "unchanged")?;
                map.serialize_entry("resultId", result_id)?;
            }
        }
        map.end()
    }
}

/// `textDocument/diagnostic`: the current diagnostics, or "unchanged" if the client has them.
pub async fn pulled(session: &Arc<Session>, params: DocumentDiagnosticParams) -> Pulled {
    let uri = params.text_document.uri;
    match session.analysed(&uri, Want::Latest).await {
        Some((_slot, a)) => {
            let id = format!("{}.{}", a.revision, a.world);
            if params.previous_result_id.as_deref() == Some(id.as_str()) {
                Pulled::Unchanged { result_id: id }
            } else {
                Pulled::Full {
                    result_id: Some(id),
                    analysis: Some(a),
                }
            }
        }
        None => Pulled::Full {
            result_id: None,
            analysis: None,
        },
    }
}

/// The same, as LSP types (for requests tower-lsp answers; see `server/mod.rs`).
pub async fn pull(
    session: &Arc<Session>,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let report = match pulled(session, params).await {
        Pulled::Unchanged { result_id } => {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            })
        }
        Pulled::Full {
            result_id,
            analysis,
        } => DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id,
                items: analysis.map(|a| a.lsp.clone()).unwrap_or_default(),
            },
        }),
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pulled_report_serializes_as_the_lsp_one() {
        let unchanged = Pulled::Unchanged {
            result_id: "7.1".to_string(),
        };
        let lsp = DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                result_id: "7.1".to_string(),
            },
        });
        assert_eq!(
            serde_json::to_value(&unchanged).unwrap(),
            serde_json::to_value(&lsp).unwrap()
        );
        let empty = Pulled::Full {
            result_id: None,
            analysis: None,
        };
        let lsp = DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items: Vec::new(),
            },
        });
        assert_eq!(
            serde_json::to_value(&empty).unwrap(),
            serde_json::to_value(&lsp).unwrap()
        );
    }
}
