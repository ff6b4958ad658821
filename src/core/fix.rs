//! Applying fixes to text: deterministic, never overlapping, never losing text.

use crate::core::diagnostic::{Diagnostic, Edit, Safety};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixLevel {
    Safe,
    /// Safe and unsafe (never display-only).
    Unsafe,
}

impl FixLevel {
    pub fn allows(self, safety: Safety) -> bool {
        match self {
            FixLevel::Safe => safety == Safety::Safe,
            FixLevel::Unsafe => matches!(safety, Safety::Safe | Safety::Unsafe),
        }
    }
}

/// The result of applying one round of fixes.
#[derive(Debug, Clone)]
pub struct Applied {
    pub text: String,
    /// How many diagnostics' fixes were applied.
    pub fixed: usize,
}

/// Applies the fixes of `diagnostics` allowed by `level` to `text`, in one pass. Fixes are
/// taken in diagnostic order (offset, then rule); a fix whose edits overlap an earlier applied
/// fix, or fall outside the text or off character boundaries, is skipped, so the result never
/// depends on luck. Run again on the result to pick up skipped fixes.
pub fn apply(text: &str, diagnostics: &[Diagnostic], level: FixLevel) -> Applied {
    let (chosen, fixed) = chosen_edits(text, diagnostics, level);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in chosen {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    Applied { text: out, fixed }
}

/// The edits [`apply`] would make, sorted by start and never overlapping, with how many
/// diagnostics' fixes they come from. Editors apply these as separate text edits.
pub fn chosen_edits<'d>(
    text: &str,
    diagnostics: &'d [Diagnostic],
    level: FixLevel,
) -> (Vec<&'d Edit>, usize) {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut fixed = 0;
    let mut order: Vec<&Diagnostic> = diagnostics.iter().collect();
    order.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    for d in order {
        let Some(fix) = &d.fix else { continue };
        if !level.allows(fix.safety) || fix.edits.is_empty() {
            continue;
        }
        let valid = fix.edits.iter().all(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        });
        let internal_overlap = fix
            .edits
            .windows(2)
            .any(|w| w[0].range.end > w[1].range.start);
        let clashes = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.range.start < c.range.end && c.range.start < e.range.end
                    // Two insertions at the same point would have an arbitrary order.
                    || e.range.start == c.range.start
            })
        });
        if !valid || internal_overlap || clashes {
            continue;
        }
        chosen.extend(fix.edits.iter());
        fixed += 1;
    }
    chosen.sort_by_key(|e| (e.range.start, e.range.end));
    (chosen, fixed)
}
