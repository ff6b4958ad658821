use crate::core::document::Document;
use crate::core::entities::{self, Zone};
use crate::core::rule::Ctx;
use crate::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// An acronym or initialism the story never spells out: "The IAEA said…" with no
    /// "International Atomic Energy Agency" anywhere. The first use in the body is flagged,
    /// once per acronym.
    ///
    /// An acronym counts as spelled out when its full name appears anywhere in the story,
    /// with or without a definition in parentheses ("the International Atomic Energy Agency
    /// (IAEA)", "the Food and Drug Administration, or FDA,", or AP's way: the full name first
    /// and the short form later). Acronyms readers know need no expansion: AP's list ("FBI",
    /// "CIA", "NATO", "GDP", "AI"), broadcasters, leagues, companies known by their initials,
    /// time zones, currencies, units and U.S. state abbreviations
    /// (`src/core/data/known_acronyms.txt`, from `shared/reference/acronyms_ok_first_ref_seed.txt`
    /// and the AP Stylebook). Never flagged: headlines and other short standalone lines,
    /// all-capitals lines, datelines, tokens with digits ("F-16", "MH17", "CO2"), roman
    /// numerals ("World War II"), tickers ("$XRP", "(NYSE: GE)", "AAPL.O", "BXE token"),
    /// runs of capitals (shouting, labels) and codes alone in parentheses ("(GBR)").
    ///
    /// Measured on the naming test set (`cargo test --test integration naming_set -- --nocapture`):
    /// 16 of 16 removed definitions found, precision 1.00, no false alarm on the 46 clean stories
    /// or the seeds. On 245 real English news and blog pages (`tests/naming_set/real_copy.sh`) it
    /// raised 300 flags; in a review of 40 of them about half were acronyms an AP editor would
    /// spell out ("ASEAN", "ECG", "VOA", "EV") and half were brand and product names, model names,
    /// codes and technical terms of specialist blogs. Precision on real copy is about 0.5, so it
    /// ships at `hint`.
    ///
    /// ## Why it matters
    ///
    /// AP: "Do not use an abbreviation or acronym that readers would not quickly recognize."
    /// An unexplained acronym stops the reader; the desk spells it out on first reference.
    ///
    /// ## Example
    ///
    /// ```text
    /// The IAEA said inspectors would return to the site next month.
    /// ```
    ///
    /// ## Better
    ///
    /// ```text
    /// The International Atomic Energy Agency said inspectors would return to the site next
    /// month.
    /// ```
    ///
    /// ## Fix safety
    ///
    /// No fix: newslint cannot know what the letters stand for.
    ///
    /// ## Settings
    ///
    /// `[naming] known-acronyms = ["IAEA", "ECB"]` adds acronyms that need no expansion
    /// (with or without periods, any case).
    name: "acronym-undefined",
    family: Naming,
    severity: Hint,
    status: Stable,
    fix: None,
    scope: Story,
}

pub(crate) fn check(doc: &Document, ctx: &mut Ctx) {
    let sections = entities::facts(doc);
    for a in entities::acronyms(&sections, ctx.config) {
        if a.known || !a.definitions.is_empty() || a.first_expansion.is_some() {
            continue;
        }
        let Some((range, _)) = a.uses.iter().find(|(_, z)| *z == Zone::Body) else {
            continue;
        };
        let count = a.uses.len();
        let written = doc.text[range.clone()].to_string();
        ctx.report(
            range.clone(),
            format!(
                "“{written}” is never spelled out in this story ({count} {}); give the full name on first reference",
                if count == 1 { "use" } else { "uses" }
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::core::{check, Config, Settings, SourceKind};

    fn undefined(text: &str, settings: Settings) -> Vec<String> {
        let mut config = Config::new(settings).expect("valid settings");
        config
            .select(&["acronym-undefined".to_string()], &[])
            .unwrap();
        check(text, SourceKind::Plain, &config)
            .into_iter()
            .map(|d| text[d.range].to_string())
            .collect()
    }

    #[test]
    fn settings_add_known_acronyms() {
        let text = "The FCA fined two banks on Tuesday, the regulator said.\n";
        assert_eq!(undefined(text, Settings::default()), vec!["FCA"]);
        let settings = Settings::from_toml("[naming]\nknown-acronyms = [\"F.C.A.\"]\n").unwrap();
        assert!(undefined(text, settings).is_empty());
    }

    #[test]
    fn spelled_out_anywhere_counts() {
        let text =
            "The Financial Conduct Authority said on Tuesday that the FCA had fined two banks.\n";
        assert!(undefined(text, Settings::default()).is_empty());
    }
}
