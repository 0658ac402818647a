//! Generation speed on the full Microsoft Graph v1.0 metadata, side by side with its floor.
//!
//! `cargo bench -p odatagen --bench scale [-- ROUNDS]` (see BENCHMARKS.md). Each round runs, in
//! this order and in one process:
//! - `generate`: the whole pipeline (read, parse, resolve, emit, format, write) into an empty dir
//!   (a new one each round);
//! - `regenerate`: the same on unchanged output (nothing written);
//! - `floor`: quick-xml merely tokenizing the same CSDL, plus syn + prettyplease formatting the
//!   same output files (in parallel on all cores, as the generator does).
//!
//! The best of the rounds is reported for each, with the ratio to the floor.

use odatagen::config::Config;
use quick_xml::Reader;
use quick_xml::events::Event;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

// The CLI's allocator (src/main.rs), for the generator and the floor alike.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn tokenize(xml: &[u8]) -> usize {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut n = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                n += e.attributes().count();
            }
            Ok(_) => n += 1,
        }
        buf.clear();
    }
    n
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let metadata = root.join("metadata/graph/v1.0.csdl");
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);
    let out = root.join("target/odatagen-bench/graph-v1");
    let config = Config::new()
        .metadata(&metadata)
        .crate_name("graph-v1")
        .input_label("metadata/graph/v1.0.csdl");
    let rendered = config.render().expect("renders");
    let sources: Vec<(PathBuf, String)> = rendered
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| (f.path.clone(), f.content.clone()))
        .collect();
    println!(
        "input: {} ({} types) → {} files, {} bytes of Rust; {} threads; best of {rounds} rounds",
        metadata.display(),
        rendered.types,
        rendered.files.len(),
        sources.iter().map(|(_, s)| s.len()).sum::<usize>(),
        rayon::current_num_threads()
    );
    let (mut gen_best, mut regen_best, mut floor_best, mut xml_best, mut fmt_best) =
        (f64::MAX, f64::MAX, f64::MAX, f64::MAX, f64::MAX);
    let (mut load_best, mut emit_best, mut tokens_seen) = (f64::MAX, f64::MAX, 0);
    // Each round generates into a directory of its own; all are removed after the last round.
    // (Deleting a 3,888-file tree right before creating the next one makes ext4 scan its just
    // freed inodes on every file creation: a cost of a benchmark loop, not of generating.)
    let round_dir = |round: usize| out.with_file_name(format!("graph-v1-{round}"));
    let _ = std::fs::remove_dir_all(&out);
    for round in 0..rounds {
        let _ = std::fs::remove_dir_all(round_dir(round));
    }
    for round in 0..rounds {
        let out = round_dir(round);
        // Where generation time goes: load (read, parse, resolve) and emit (plan, tokens, format).
        let t = Instant::now();
        let (model, _) = config.load().expect("loads");
        load_best = load_best.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let selection = odatagen::ir::select::Selection::all(&model);
        let opts = odatagen::emit::EmitOptions {
            crate_name: "graph-v1".into(),
            input_label: "metadata/graph/v1.0.csdl".into(),
            request: Default::default(),
            ieee754_compatible: false,
            nullable_items: false,
            namespace_features: true,
            package: Default::default(),
        };
        let files = odatagen::emit::emit(&model, &selection, &opts).expect("emits");
        emit_best = emit_best.min(t.elapsed().as_secs_f64());
        std::hint::black_box(files);

        let t = Instant::now();
        let g = config.generate(&out).expect("generates");
        gen_best = gen_best.min(t.elapsed().as_secs_f64());
        assert_eq!(g.report.written.len(), g.rendered.as_ref().map_or(0, |r| r.files.len()));

        let t = Instant::now();
        // Forced: render and compare everything (the lock file would skip the run).
        let g = config.clone().force(true).generate(&out).expect("regenerates");
        regen_best = regen_best.min(t.elapsed().as_secs_f64());
        assert!(g.report.written.is_empty());

        let t = Instant::now();
        let xml = std::fs::read(&metadata).expect("metadata");
        let tokens = tokenize(&xml);
        let xml_time = t.elapsed().as_secs_f64();
        let t2 = Instant::now();
        let formatted: usize = sources
            .par_iter()
            .map(|(_, s)| {
                let file = syn::parse_file(s).expect("generated code parses");
                prettyplease::unparse(&file).len()
            })
            .sum();
        let fmt_time = t2.elapsed().as_secs_f64();
        floor_best = floor_best.min(t.elapsed().as_secs_f64());
        xml_best = xml_best.min(xml_time);
        fmt_best = fmt_best.min(fmt_time);
        tokens_seen = tokens;
        std::hint::black_box(formatted);
    }
    for round in 0..rounds {
        let _ = std::fs::remove_dir_all(round_dir(round));
    }
    println!("generate (parse, resolve, emit, format, write): {:7.3} s   target <= 1 s and <= 1.5x floor: {:.2}x", gen_best, gen_best / floor_best);
    println!("  load (read, parse, resolve):                  {:7.3} s", load_best);
    println!("  emit (plan, tokens, syn, prettyplease):       {:7.3} s", emit_best);
    println!("regenerate, unchanged (nothing written):        {:7.3} s", regen_best);
    println!("floor (tokenize + format):                      {:7.3} s", floor_best);
    println!("  quick-xml tokenizing the CSDL ({tokens_seen} events/attributes): {:7.3} s", xml_best);
    println!("  syn + prettyplease on the output, parallel:   {:7.3} s", fmt_best);
}
