//! The classifier, table-driven: a sentence, the cue, the source phrase and its class.

use super::*;
use crate::core::article::SourceKind;
use SourceClass::*;

fn analyse(text: &str) -> (Article, Vec<(String, String, SourceClass)>) {
    let article = Article::parse(text, SourceKind::Plain);
    let found = article
        .attribution()
        .attributions
        .iter()
        .map(|a| {
            (
                text[a.cue.clone()].to_string(),
                a.source
                    .as_ref()
                    .map_or(String::new(), |s| text[s.clone()].to_string()),
                a.class,
            )
        })
        .collect();
    (article, found)
}

/// (sentence, cue, source, class); an empty cue means "no attribution".
const CASES: &[(&str, &str, &str, SourceClass)] = &[
    // Named and titled people, institutions, documents.
    (
        "The harbour will reopen on Monday, Mayor Ana Ruiz said.",
        "said",
        "Mayor Ana Ruiz",
        NamedPerson,
    ),
    (
        "“We are ready,” said Tomas Berg, the port’s director.",
        "said",
        "Tomas Berg",
        NamedPerson,
    ),
    (
        "Berg told reporters the cranes had been repaired.",
        "told",
        "Berg",
        NamedPerson,
    ),
    (
        "The foreign minister said the talks were useful.",
        "said",
        "The foreign minister",
        TitledPerson,
    ),
    (
        "Its chief executive said in a statement that the work would take a year.",
        "said",
        "Its chief executive",
        TitledPerson,
    ),
    (
        "The company’s chief negotiator said the offer stood.",
        "said",
        "The company’s chief negotiator",
        TitledPerson,
    ),
    (
        "The company’s executives said the offer stood.",
        "said",
        "The company’s executives",
        AnonymousDescribed,
    ),
    (
        "A ministry spokeswoman said the ferry was delayed.",
        "said",
        "A ministry spokeswoman",
        TitledPerson,
    ),
    (
        "The transport ministry said in a statement that fares would rise.",
        "said",
        "The transport ministry",
        NamedInstitution,
    ),
    (
        "Police said two men were arrested.",
        "said",
        "Police",
        NamedInstitution,
    ),
    (
        "Fares rose 4 percent, according to a report by the regional audit office.",
        "according to",
        "a report by the regional audit office",
        Document,
    ),
    (
        "Court records show the company was fined twice.",
        "show",
        "Court records",
        Document,
    ),
    (
        "The study found no link between the two.",
        "found",
        "The study",
        Document,
    ),
    ("She found the keys on Tuesday.", "", "", NamedPerson),
    (
        "“We will appeal,” her attorney, Paul Reyes, said.",
        "said",
        "her attorney, Paul Reyes",
        NamedPerson,
    ),
    (
        "Wages rise 6 percent, according to a copy of the deal seen by reporters.",
        "according to",
        "a copy of the deal seen by reporters",
        Document,
    ),
    // Anonymous sources.
    (
        "Sources familiar with the negotiations indicate that a deal is near.",
        "indicate",
        "Sources familiar with the negotiations",
        AnonymousDescribed,
    ),
    (
        "The plan, confirmed by officials speaking on background, is modest.",
        "confirmed",
        "officials speaking on background",
        AnonymousDescribed,
    ),
    (
        "The ships will leave port on Friday, according to Greek officials.",
        "according to",
        "Greek officials",
        AnonymousBare,
    ),
    (
        "According to U.S. officials, the meeting was brief.",
        "According to",
        "U.S. officials",
        AnonymousBare,
    ),
    (
        "A senior official, who was not authorized to speak publicly, said the vote would slip.",
        "said",
        "A senior official, who was not authorized to speak publicly",
        AnonymousDescribed,
    ),
    (
        "A person briefed on the talks said the sides were close.",
        "said",
        "A person briefed on the talks",
        AnonymousDescribed,
    ),
    (
        "Officials said the bridge was unsafe.",
        "said",
        "Officials",
        AnonymousBare,
    ),
    (
        "Western diplomats describe the offer as a first step.",
        "describe",
        "Western diplomats",
        AnonymousBare,
    ),
    // Vague groups.
    (
        "Analysts say the merger could stall.",
        "say",
        "Analysts",
        VagueGroup,
    ),
    (
        "Looking ahead, observers predict a slow recovery.",
        "predict",
        "observers",
        VagueGroup,
    ),
    (
        "Diplomatic observers caution that progress will be slow.",
        "caution",
        "Diplomatic observers",
        VagueGroup,
    ),
    (
        "Critics of the plan argue that it favours landlords.",
        "argue",
        "Critics of the plan",
        VagueGroup,
    ),
    (
        "Some have argued that the tax is unfair.",
        "argued",
        "Some",
        VagueGroup,
    ),
    (
        "The painting is considered by many to be his best work.",
        "is considered",
        "many",
        VagueGroup,
    ),
    (
        "The rules changed, according to some.",
        "according to",
        "some",
        VagueGroup,
    ),
    (
        "Experts, however, warn that the dam is ageing.",
        "warn",
        "Experts, however",
        VagueGroup,
    ),
    (
        "Analysts at Northgate Capital said the shares were cheap.",
        "said",
        "Analysts at Northgate Capital",
        NamedInstitution,
    ),
    (
        "Three economists said the forecast was too rosy.",
        "said",
        "Three economists",
        AnonymousDescribed,
    ),
    (
        "Local media reported that the mayor had resigned.",
        "reported",
        "Local media",
        VagueGroup,
    ),
    // Agentless.
    (
        "It is understood that the board met twice.",
        "It is understood",
        "",
        Agentless,
    ),
    (
        "The meetings are widely understood to be informal.",
        "are widely understood to",
        "",
        Agentless,
    ),
    (
        "The port’s role is seen as critical.",
        "is seen as",
        "",
        Agentless,
    ),
    (
        "The suspect reportedly fled north, a neighbour said.",
        "reportedly",
        "",
        Agentless,
    ),
    (
        "On Monday, Okafor and her advisers said the audit was wrong.",
        "said",
        "Okafor and her advisers",
        NamedPerson,
    ),
    (
        "Some readers consider the sequel better than the first book.",
        "consider",
        "Some readers",
        VagueGroup,
    ),
    (
        "The plan was opposed by several groups, including the Harbour Society.",
        "",
        "",
        NamedPerson,
    ),
    (
        "It has been suggested that the river be dredged.",
        "It has been suggested",
        "",
        Agentless,
    ),
    (
        "The ship is said to have sunk in 1702.",
        "is said to",
        "",
        Agentless,
    ),
    (
        "There is a growing belief that the scheme has failed.",
        "There is a growing belief that",
        "",
        Agentless,
    ),
    // Not attributions.
    ("The move signals a change in tone.", "", "", NamedPerson),
    ("The talks suggest a thaw.", "", "", NamedPerson),
    (
        "He declined to say when the ferry would return.",
        "",
        "",
        NamedPerson,
    ),
    ("It is known as the Old Bridge.", "", "", NamedPerson),
    ("The report was published on Monday.", "", "", NamedPerson),
    ("Studies of reported crimes rose.", "", "", NamedPerson),
    ("They let people say what they like.", "", "", NamedPerson),
    // A bare "reportedly" in copy that attributes nothing is the writer's hedge.
    ("The suspect reportedly fled north.", "", "", NamedPerson),
    (
        "The plan was revived by the accord, most recently amended in March.",
        "",
        "",
        NamedPerson,
    ),
    (
        "Most residents hold that the dam is unsafe.",
        "hold",
        "Most residents",
        VagueGroup,
    ),
    (
        "Some see the ruling as a setback.",
        "see",
        "Some",
        VagueGroup,
    ),
    ("She sees the river as a border.", "", "", NamedPerson),
    (
        "Many traders saw the merger as a mistake.",
        "saw",
        "Many traders",
        VagueGroup,
    ),
    (
        "Some loudly claim the vote was rigged.",
        "claim",
        "Some",
        VagueGroup,
    ),
    (
        "The assembly said the vote was fair.",
        "said",
        "The assembly",
        TitledPerson,
    ),
    (
        "Contrary to what some dealers claim, the coins are fakes.",
        "claim",
        "some dealers",
        VagueGroup,
    ),
    ("The dam holds that much water.", "", "", NamedPerson),
    ("The supposedly unsinkable ship sank.", "", "", NamedPerson),
    (
        "There is no single test which is widely accepted as proof of the illness.",
        "",
        "",
        NamedPerson,
    ),
    (
        "The ferry is seen as a lifeline by many islanders.",
        "is seen",
        "many islanders",
        VagueGroup,
    ),
    (
        "No official said the road would close.",
        "",
        "",
        NamedPerson,
    ),
    ("Nor did any guest report a fire.", "", "", NamedPerson),
    (
        "It was feared that the bridge would fail.",
        "",
        "",
        NamedPerson,
    ),
    (
        "The dam was believed to hold back the spring floods.",
        "",
        "",
        NamedPerson,
    ),
    (
        "If a bill passes both houses, the bill is thought to be law.",
        "",
        "",
        NamedPerson,
    ),
    (
        "When a court hears a case again, the case is considered as reopened.",
        "",
        "",
        NamedPerson,
    ),
    (
        "She had an ear for what ordinary voters think.",
        "",
        "",
        NamedPerson,
    ),
    (
        "The appeals court generally held that the rules applied.",
        "",
        "",
        NamedPerson,
    ),
    (
        "Lena Ortiz, of the Harbour Society, however, says the story was true.",
        "says",
        "Lena Ortiz, of the Harbour Society, however",
        NamedPerson,
    ),
];

#[test]
fn classifier_table() {
    let mut failures = Vec::new();
    for &(sentence, cue, source, class) in CASES {
        let (_, found) = analyse(sentence);
        let ok = if cue.is_empty() {
            found.is_empty()
        } else {
            found
                .iter()
                .any(|(c, s, k)| c == cue && s == source && *k == class)
        };
        if !ok {
            failures.push(format!(
                "{sentence}\n    expected {cue:?} {source:?} {class:?}\n    found {found:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn pronouns_take_the_class_of_their_antecedent() {
    let (article, found) =
        analyse("A senior official said the vote would slip. He said the delay was technical.");
    assert_eq!(found.len(), 2);
    assert_eq!(found[1].2, AnonymousDescribed);
    assert!(article.attribution().attributions[1].pronoun);
    let (_, found) = analyse("He said the delay was technical.");
    assert_eq!(found[0].2, NamedPerson);
}

#[test]
fn text_inside_quotes_is_not_an_attribution() {
    let (_, found) = analyse("“Analysts say it will fail,” Berg said.");
    assert_eq!(
        found,
        vec![("said".to_string(), "Berg".to_string(), NamedPerson)]
    );
}

#[test]
fn reasons_for_anonymity_are_found_in_the_paragraph_or_the_next_sentence() {
    let text = "Officials said the vote would slip. They spoke on condition of anonymity because they were not authorized to discuss the schedule.";
    let article = Article::parse(text, SourceKind::Plain);
    let a = &article.attribution().attributions[0];
    assert_eq!(a.class, AnonymousBare);
    assert!(a.reason.is_some());
    let article = Article::parse(
        "Officials said the vote would slip.\n\nThe schedule has changed before.",
        SourceKind::Plain,
    );
    assert!(article.attribution().attributions[0].reason.is_none());
}

#[test]
fn quotes_find_their_speakers() {
    let text = "Berg said the cranes were fixed.\n\n“We worked through the night,” he said. “Nobody went home.”\n\n“The first ship comes in on Monday.”\n\nThe council met later.\n\n“This is a disgrace,” one placard read, “and we will not be quiet.”";
    let article = Article::parse(text, SourceKind::Plain);
    let q = &article.attribution().quotes;
    let spoken: Vec<(&str, bool, Option<Via>)> = q
        .iter()
        .map(|f| (&text[f.range.clone()], f.speech, f.speaker.map(|s| s.1)))
        .collect();
    assert_eq!(spoken[0].2, Some(Via::Sentence));
    assert_eq!(spoken[1].2, Some(Via::Paragraph));
    assert_eq!(spoken[2].2, Some(Via::PreviousParagraph));
}

#[test]
fn scare_quotes_and_titles_are_not_speech() {
    let text = "The talks were described as “technical” by both sides. He wrote “A Winter in the North Sea” in 1990. Officials call it “a pause, not an end.”";
    let article = Article::parse(text, SourceKind::Plain);
    let q = &article.attribution().quotes;
    assert!(!q[0].speech);
    assert!(!q[1].speech);
}

#[test]
fn claims_and_their_sources() {
    let text = "The envoy likely played a central role in the deal. Talks would have likely stalled without him.";
    let article = Article::parse(text, SourceKind::Plain);
    let claims = &article.attribution().claims;
    assert_eq!(claims.len(), 2);
    assert!(claims
        .iter()
        .all(|c| c.kind == ClaimKind::Speculation && !c.sourced));
    assert_eq!(&text[claims[0].range.clone()], "likely played");
    assert_eq!(&text[claims[1].range.clone()], "would have likely");

    let text = "The envoy likely played a central role, his deputy said.";
    let article = Article::parse(text, SourceKind::Plain);
    assert!(article.attribution().claims[0].sourced);
}

#[test]
fn figures_count_only_in_copy_that_attributes() {
    let alone = Article::parse("About 40 people were hurt in the crash.", SourceKind::Plain);
    assert!(alone.attribution().claims.is_empty());
    let story = Article::parse(
        "The mayor said the road would reopen.\n\nThe council met on Monday.\n\nAbout 40 people were hurt in the crash.",
        SourceKind::Plain,
    );
    let claims = &story.attribution().claims;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].kind, ClaimKind::Figure);
    assert!(!claims[0].sourced);
}
