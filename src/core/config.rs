//! Settings resolved for linting: which rules run at which severity, and the extra phrases
//! compiled once. Built by the caller (CLI or server) once per settings change.

use crate::core::diagnostic::Severity;
use crate::core::lexicon::PhraseSet;
use crate::core::registry::{self, RULES};
use crate::core::rule::{Family, RuleMeta, Status};
use crate::core::settings::{Settings, SettingsError};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleState {
    pub enabled: bool,
    pub severity: Severity,
}

/// Phrases added by settings, compiled once.
#[derive(Debug)]
pub struct Extras {
    pub anonymous: PhraseSet,
    pub vague: PhraseSet,
    pub agentless: PhraseSet,
    pub reasons: PhraseSet,
    pub chrome: PhraseSet,
    /// Upper-cased, without periods.
    pub known_acronyms: HashSet<String>,
}

#[derive(Debug)]
pub struct Config {
    pub settings: Settings,
    states: Vec<RuleState>,
    pub extras: Extras,
    /// Unique per configuration (and per selection change): caches keyed on it.
    id: u64,
}

fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Default for Config {
    fn default() -> Self {
        Config::new(Settings::default()).expect("default settings are valid")
    }
}

impl Config {
    pub fn new(settings: Settings) -> Result<Config, SettingsError> {
        settings.validate()?;
        let states = RULES
            .iter()
            .map(|rule| {
                let meta = rule.meta;
                let family = settings.rules.get(meta.family.as_str());
                let own = settings.rules.get(meta.name);
                let enabled = own
                    .and_then(|r| r.enabled)
                    .or(family.and_then(|r| r.enabled))
                    .unwrap_or(meta.status == Status::Stable);
                let severity = own
                    .and_then(|r| r.severity)
                    .or(family.and_then(|r| r.severity))
                    .map(Severity::from)
                    .unwrap_or(meta.default_severity);
                RuleState { enabled, severity }
            })
            .collect();
        let extras = Extras {
            anonymous: PhraseSet::new(&settings.sourcing.anonymous),
            vague: PhraseSet::new(&settings.sourcing.vague),
            agentless: PhraseSet::new(&settings.sourcing.agentless),
            reasons: PhraseSet::new(&settings.sourcing.reasons),
            chrome: PhraseSet::new(&settings.chrome.phrases),
            known_acronyms: settings
                .naming
                .known_acronyms
                .iter()
                .map(|a| a.replace('.', "").to_uppercase())
                .collect(),
        };
        Ok(Config {
            settings,
            states,
            extras,
            id: next_id(),
        })
    }

    /// Narrows the rules to `select` (rule or family names; empty means no narrowing) and
    /// turns off `ignore`. A rule named in `select` runs even if it is in preview.
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Result<(), SettingsError> {
        let matches = |name: &str, meta: &RuleMeta| {
            name == meta.name || Family::parse(name) == Some(meta.family) || name == "all"
        };
        for name in select.iter().chain(ignore) {
            if name != "all" && registry::find(name).is_none() && Family::parse(name).is_none() {
                let hint = registry::closest(name)
                    .map(|r| format!(" (did you mean `{r}`?)"))
                    .unwrap_or_default();
                return Err(SettingsError {
                    message: format!("unknown rule or family `{name}`{hint}"),
                });
            }
        }
        for (state, rule) in self.states.iter_mut().zip(RULES) {
            if !select.is_empty() {
                let chosen = select.iter().any(|n| matches(n, rule.meta));
                let by_name = select.iter().any(|n| n == rule.meta.name);
                state.enabled = chosen && (state.enabled || by_name);
            }
            if ignore.iter().any(|n| matches(n, rule.meta)) {
                state.enabled = false;
            }
        }
        self.id = next_id();
        Ok(())
    }

    /// Identifies this configuration for caches.
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn state(&self, index: usize) -> RuleState {
        self.states[index]
    }

    /// The state of the rule named `name`, if there is one.
    pub fn state_of(&self, name: &str) -> Option<RuleState> {
        RULES
            .iter()
            .position(|r| r.meta.name == name)
            .map(|i| self.states[i])
    }

    /// Whether any rule of `family` is on.
    pub fn family_enabled(&self, family: Family) -> bool {
        RULES
            .iter()
            .zip(&self.states)
            .any(|(r, s)| r.meta.family == family && s.enabled)
    }

    /// Whether an acronym (any case, with or without periods) needs no expansion by settings.
    pub fn is_known_acronym(&self, acronym: &str) -> bool {
        self.extras
            .known_acronyms
            .contains(&acronym.replace('.', "").to_uppercase())
    }
}
