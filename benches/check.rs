//! How fast `newslint check` reads a desk's worth of copy: writes 1,000 synthetic wire stories
//! of about five kilobytes each (our own template copy, with a few faults of every family) to
//! `target/bench-corpus/`, then times the release binary over them with hyperfine if it is
//! installed, else with a timing loop, and prints the figure. Run with `cargo bench --bench
//! check` or `benches/check_bench.sh`. It prints figures; it asserts nothing about speed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const STORIES: usize = 1000;
const TARGET_BYTES: usize = 5 * 1024;

/// A small deterministic generator (xorshift64*), so every run checks the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &[
    "Port Ellis",
    "Marden",
    "Ashcombe",
    "Lower Brayford",
    "Kestrel Bay",
    "Hollins",
];
const TOPICS: &[&str] = &[
    "ferry fares",
    "the water-rate increase",
    "the library budget",
    "a new bus depot",
    "harbour dredging",
    "the school bond",
];
const FIRST: &[&str] = &[
    "Lena", "Tom", "Priya", "Marcus", "Ana", "Hugh", "Nadia", "Owen",
];
const LAST: &[&str] = &[
    "Morales",
    "Reyes",
    "Whitlock",
    "Okafor",
    "Lindqvist",
    "Brennan",
    "Castillo",
    "Hale",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const JOBS: &[&str] = &[
    "nurse",
    "bus driver",
    "shop owner",
    "retired teacher",
    "fisherman",
];

/// One paragraph of wire-style copy. `fault` adds one of the things newslint flags.
fn paragraph(rng: &mut Rng, place: &str, topic: &str, fault: bool) -> String {
    let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let surname = name.split(' ').nth(1).unwrap_or("Morales").to_string();
    let day = rng.pick(DAYS);
    let n = 3 + rng.below(40);
    let clean = [
        format!("{name}, who chairs the council’s finance committee, said the delay over {topic} would not affect services this year."),
        format!("“We want to get this right,” {surname} told reporters after the meeting on {day}. “Nobody should pay for a guess.”"),
        format!("The proposal would raise fees by {n} percent over three years, according to a staff report released on {day}."),
        format!("Residents who spoke at the meeting in {place} were divided, and several asked for the vote to be moved to an evening session."),
        format!("{name}, a {} who has lived in the district for {n} years, said the increase would be hard to absorb on a fixed income.", rng.pick(JOBS)),
        format!("The budget gap has grown to ${n} million, the auditor’s office said in a statement, citing lower fare revenue and higher fuel costs."),
        format!("The council is scheduled to meet again on {day}, when members expect to see the operator’s invoices for the past year."),
        "A spokesperson for the mayor did not respond to a request for comment on Tuesday.".to_string(),
        format!("The operator, Coastline Ferries, said in a filing with the state utilities board that its costs had risen {n} percent since 2022."),
        format!("Council members voted 5-2 on {day} to ask the city attorney whether the contract allows the operator to cut early sailings."),
        format!("{name} said the committee would publish the figures once it had them, and that no decision would be taken before the spring."),
        format!("In a letter to the board dated {day}, the operator’s chief executive, {}, wrote that the company had absorbed two years of rising costs.", rng.pick(LAST)),
        format!("The state auditor flagged the reserve shortfall in {place} in a report last year, recommending a five-year plan to rebuild it."),
        format!("Turnout at {day}’s meeting was the highest in a decade, the city clerk said, with more than {} residents signing up to speak.", n * 4),
        format!("“This is the cheapest crossing on the coast, and it will stay that way,” {surname} said in an interview."),
        format!("Under the proposal, seniors and students would keep their discounts, and monthly passes would rise by ${} to ${}.", n / 3 + 2, n + 40),
    ];
    let faulty = [
        format!("Officials said the county's reserves had fallen for a second straight year, and {surname} called the trend worrying."),
        "Sources familiar with the negotiations say a compromise is likely before the end of the month.".to_string(),
        format!("Analysts say the plan for {topic} could set a precedent for neighbouring towns."),
        "It is understood that the operator warned the board in a letter last week.".to_string(),
    ];
    if fault {
        faulty[rng.below(faulty.len())].clone()
    } else {
        clean[rng.below(clean.len())].clone()
    }
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| match w {
            "a" | "the" | "of" | "on" => w.to_string(),
            _ => w[..1].to_uppercase() + &w[1..],
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn story(rng: &mut Rng, i: usize) -> (String, &'static str) {
    let place = rng.pick(PLACES);
    let topic = rng.pick(TOPICS);
    let mut text = String::with_capacity(TARGET_BYTES + 512);
    let markdown = i % 2 == 0;
    if i % 3 == 0 {
        text.push_str("Share this article\n\n5 min read\n\n");
    }
    if markdown {
        text.push_str("# ");
    }
    text.push_str(&format!(
        "{place} Council Delays Vote on {}\n\n",
        title_case(topic.trim_start_matches("the "))
    ));
    text.push_str(&format!(
        "By {} {}, Local Government Reporter\n\n",
        rng.pick(FIRST),
        rng.pick(LAST)
    ));
    text.push_str(&format!(
        "{} — The {place} city council on {} postponed a vote on {topic}, after members said they needed more time to study the costs.\n\n",
        place.to_uppercase(),
        rng.pick(DAYS)
    ));
    while text.len() < TARGET_BYTES {
        let fault = rng.below(8) == 0;
        text.push_str(&paragraph(rng, place, topic, fault));
        text.push_str("\n\n");
    }
    if i % 5 == 0 {
        text.push_str("Advertisement\n\nRelated stories\n\n#Council #LocalNews\n");
    }
    (text, if markdown { "md" } else { "txt" })
}

fn write_corpus(dir: &Path) -> usize {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("corpus directory");
    // An empty config keeps discovery from reaching a config above target/.
    std::fs::write(dir.join("newslint.toml"), "# bench corpus: defaults\n").unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut bytes = 0;
    for i in 0..STORIES {
        let (text, ext) = story(&mut rng, i);
        bytes += text.len();
        std::fs::write(dir.join(format!("story-{i:04}.{ext}")), text).unwrap();
    }
    bytes
}

fn has_hyperfine() -> bool {
    Command::new("hyperfine")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_newslint"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let bytes = write_corpus(&dir);
    println!(
        "corpus: {STORIES} stories, {:.1} KiB on average, in {}",
        bytes as f64 / STORIES as f64 / 1024.0,
        dir.display()
    );
    let run = || {
        let out = Command::new(&bin)
            .args(["check", "--format", "json"])
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("the newslint binary runs");
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "newslint failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout.len()
    };
    let json_bytes = run();
    let diagnostics = {
        let out = Command::new(&bin)
            .args(["check", "--statistics", "--format", "json"])
            .arg(&dir)
            .output()
            .expect("the newslint binary runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .find_map(|l| l.trim().strip_prefix("\"diagnostics\": "))
            .map(|n| n.trim_end_matches(',').to_string())
            .unwrap_or_else(|| "?".into())
    };
    println!("findings: {diagnostics} diagnostics ({json_bytes} bytes of JSON)");
    println!("binary: {}", bin.display());

    if has_hyperfine() {
        // hyperfine discards the command's output itself; `-N` runs it without a shell.
        let cmd = format!("{} check --format json {}", bin.display(), dir.display());
        let hyperfine = |extra: &[&str]| {
            Command::new("hyperfine")
                .args(["--warmup", "3", "--runs", "20", "--ignore-failure"])
                .args(extra)
                .arg(&cmd)
                .status()
                .is_ok_and(|s| s.success())
        };
        if !hyperfine(&["-N"]) {
            // An older hyperfine without `-N`.
            hyperfine(&[]);
        }
        return;
    }
    println!("hyperfine not found: timing 20 runs after 3 warm-ups");
    for _ in 0..3 {
        run();
    }
    let mut times: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .collect();
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "newslint check --format json ({STORIES} stories): mean {:.1} ms, median {:.1} ms, min {:.1} ms, max {:.1} ms",
        mean.as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}
