//! Typed settings: what `newslint.toml` holds and what editors send as `initializationOptions`.
//! Unknown keys and bad values are errors that name the key; nothing is silently ignored.
//!
//! ```toml
//! [files]
//! include = ["stories/**"]          # globs, relative to the config file
//! exclude = ["stories/archive/**"]
//!
//! [rules.unsourced-claim]           # a rule name, or a family: sourcing, naming, chrome
//! enabled = true
//! severity = "info"                 # error | warning | info | hint
//!
//! [naming]
//! house = ["U.S.", "Gadhafi"]       # preferred forms, checked in every story
//! known-acronyms = ["IAEA"]          # need no expansion
//!
//! [sourcing]
//! anonymous = ["a person in the room"]   # extra phrases, per list
//! vague = ["pundits say"]
//! agentless = ["it is whispered"]
//! reasons = ["because the talks are secret"]
//!
//! [chrome]
//! phrases = ["Read the full story on"]
//! ```

use crate::core::diagnostic::Severity;
use crate::core::registry;
use crate::core::rule::Family;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    #[serde(default)]
    pub files: FileSettings,
    /// Per rule (or per family) settings, keyed by name.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSettings>,
    #[serde(default)]
    pub naming: NamingSettings,
    #[serde(default)]
    pub sourcing: SourcingSettings,
    #[serde(default)]
    pub chrome: ChromeSettings,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileSettings {
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSettings {
    pub enabled: Option<bool>,
    pub severity: Option<SeverityName>,
}

/// A severity as written in settings.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Error,
    Warning,
    Info,
    Hint,
}

impl From<SeverityName> for Severity {
    fn from(s: SeverityName) -> Severity {
        match s {
            SeverityName::Error => Severity::Error,
            SeverityName::Warning => Severity::Warning,
            SeverityName::Info => Severity::Info,
            SeverityName::Hint => Severity::Hint,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NamingSettings {
    /// House forms: when a story uses another member of a form's group, it is flagged.
    #[serde(default)]
    pub house: Vec<String>,
    /// Acronyms that need no expansion, on top of the built-in list.
    #[serde(default)]
    pub known_acronyms: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourcingSettings {
    #[serde(default)]
    pub anonymous: Vec<String>,
    #[serde(default)]
    pub vague: Vec<String>,
    #[serde(default)]
    pub agentless: Vec<String>,
    #[serde(default)]
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChromeSettings {
    #[serde(default)]
    pub phrases: Vec<String>,
}

/// A settings error. The message names the offending key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// Parses and validates TOML settings.
    pub fn from_toml(text: &str) -> Result<Settings, SettingsError> {
        let settings: Settings = toml::from_str(text).map_err(|e| SettingsError {
            message: e.to_string().trim_end().to_string(),
        })?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks what serde cannot: that every `[rules.NAME]` names a rule or family, and that
    /// phrases are not empty.
    pub fn validate(&self) -> Result<(), SettingsError> {
        for name in self.rules.keys() {
            if registry::find(name).is_none() && Family::parse(name).is_none() {
                let hint = registry::closest(name)
                    .map(|r| format!(" (did you mean `{r}`?)"))
                    .unwrap_or_default();
                return Err(SettingsError {
                    message: format!(
                        "unknown rule `{name}` in key `rules.{name}`{hint}; `newslint rule` lists the rules"
                    ),
                });
            }
        }
        let lists: [(&str, &Vec<String>); 8] = [
            ("naming.house", &self.naming.house),
            ("naming.known-acronyms", &self.naming.known_acronyms),
            ("sourcing.anonymous", &self.sourcing.anonymous),
            ("sourcing.vague", &self.sourcing.vague),
            ("sourcing.agentless", &self.sourcing.agentless),
            ("sourcing.reasons", &self.sourcing.reasons),
            ("chrome.phrases", &self.chrome.phrases),
            ("files.include", &self.files.include),
        ];
        for (key, list) in lists {
            if list.iter().any(|s| s.trim().is_empty()) {
                return Err(SettingsError {
                    message: format!("empty string in key `{key}`"),
                });
            }
        }
        Ok(())
    }

    /// Layers `other` on top of `self`: rule settings merge key by key, lists are replaced
    /// when `other` sets them. Used for editor settings over a config file.
    pub fn overlay(&self, other: &Settings) -> Settings {
        let mut out = self.clone();
        for (name, r) in &other.rules {
            let entry = out.rules.entry(name.clone()).or_default();
            if r.enabled.is_some() {
                entry.enabled = r.enabled;
            }
            if r.severity.is_some() {
                entry.severity = r.severity;
            }
        }
        let replace = |dst: &mut Vec<String>, src: &Vec<String>| {
            if !src.is_empty() {
                *dst = src.clone();
            }
        };
        replace(&mut out.files.include, &other.files.include);
        replace(&mut out.files.exclude, &other.files.exclude);
        replace(&mut out.naming.house, &other.naming.house);
        replace(&mut out.naming.known_acronyms, &other.naming.known_acronyms);
        replace(&mut out.sourcing.anonymous, &other.sourcing.anonymous);
        replace(&mut out.sourcing.vague, &other.sourcing.vague);
        replace(&mut out.sourcing.agentless, &other.sourcing.agentless);
        replace(&mut out.sourcing.reasons, &other.sourcing.reasons);
        replace(&mut out.chrome.phrases, &other.chrome.phrases);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named() {
        let err = Settings::from_toml("[naming]\nhouse = []\nhouse-style = 1\n").unwrap_err();
        assert!(err.message.contains("house-style"), "{}", err.message);
    }

    #[test]
    fn bad_severity_is_named() {
        let err = Settings::from_toml("[rules.page-chrome]\nseverity = \"loud\"\n").unwrap_err();
        assert!(err.message.contains("severity"), "{}", err.message);
        assert!(err.message.contains("loud"), "{}", err.message);
    }

    #[test]
    fn unknown_rule_is_named() {
        let err = Settings::from_toml("[rules.mixed-quote-styl]\nenabled = false\n").unwrap_err();
        assert!(
            err.message.contains("rules.mixed-quote-styl"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains("`mixed-quote-style`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn full_example_parses() {
        let s = Settings::from_toml(
            r#"
            [files]
            include = ["stories/**"]
            [rules.sourcing]
            severity = "info"
            [naming]
            house = ["U.S."]
            known-acronyms = ["IAEA"]
            [chrome]
            phrases = ["Read the full story on"]
            "#,
        )
        .unwrap();
        assert_eq!(s.naming.house, vec!["U.S."]);
        assert_eq!(s.rules["sourcing"].severity, Some(SeverityName::Info));
    }
}
