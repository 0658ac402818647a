//! Atomic output: the output directory changes only after a complete, successful generation. A
//! run killed while reading, or while staging the new tree, leaves the previous output exactly as
//! it was; so does a failed run; a run killed between the two renames of the swap is repaired by
//! the next one.

use odatagen::Config;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

const CSDL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="thing"><Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.String" Nullable="false"/>
      </EntityType>
      <EntityContainer Name="c"><EntitySet Name="things" EntityType="microsoft.graph.thing"/></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;

type Snapshot = BTreeMap<PathBuf, (Vec<u8>, SystemTime)>;

fn snapshot(dir: &Path) -> Snapshot {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("inside").to_path_buf();
                let mtime = e.metadata().and_then(|m| m.modified()).expect("mtime");
                out.insert(rel, (std::fs::read(&p).expect("read"), mtime));
            }
        }
    }
    out
}

fn big_input() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../metadata/graph/v1.0-2021-07-13.xml")
}

fn spawn(out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_odatagen"))
        .arg("generate")
        .arg("--metadata")
        .arg(big_input())
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns")
}

#[test]
fn killed_and_failed_runs_leave_the_previous_output_intact() {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("atomic-output");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("dir");
    let input = base.join("small.xml");
    std::fs::write(&input, CSDL).expect("write");
    let out = base.join("out");
    Config::new().metadata(&input).generate(&out).expect("generates");
    // A file the generator does not own survives too.
    std::fs::write(out.join("NOTES.txt"), "mine").expect("write");
    let before = snapshot(&out);
    let staging = base.join(".out.odatagen-staging");

    // Killed while reading and resolving.
    let mut child = spawn(&out);
    std::thread::sleep(Duration::from_millis(300));
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert_eq!(snapshot(&out), before, "killed early");

    // Killed while the new tree is being staged (as soon as the staging directory appears).
    let mut child = spawn(&out);
    let started = Instant::now();
    let finished = loop {
        if staging.exists() {
            child.kill().expect("kill");
            child.wait().expect("wait");
            break false;
        }
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success());
            break true;
        }
        assert!(started.elapsed() < Duration::from_secs(600), "generation hangs");
        std::thread::sleep(Duration::from_millis(1));
    };
    eprintln!("staging run finished before the kill: {finished}");
    let after = snapshot(&out);
    if finished {
        // Too fast to catch: then the output must be the complete new one.
        assert!(after.contains_key(Path::new("src/models/user.rs")));
        assert!(after.contains_key(Path::new("NOTES.txt")));
    } else {
        assert_eq!(after, before, "killed while staging");
    }

    // A failed run (bad metadata) writes nothing.
    let bad = base.join("bad.xml");
    std::fs::write(&bad, CSDL.replace("Edm.String", "Edm.Nope")).expect("write");
    assert!(Config::new().metadata(&bad).generate(&out).is_err());
    if !finished {
        assert_eq!(snapshot(&out), before, "failed run");
    }

    // Killed between the two renames of the swap: the previous tree was renamed away. The next
    // run puts it back before anything else (and then swaps in its own output).
    let previous = base.join(".out.odatagen-previous");
    let reference = snapshot(&out);
    std::fs::rename(&out, &previous).expect("simulate the half-done swap");
    let g = Config::new()
        .metadata(&input)
        .force(true)
        .generate(&out)
        .expect("generates");
    assert!(!previous.exists() && !staging.exists(), "no leftovers");
    let now = snapshot(&out);
    if finished {
        // The big output was replaced by the small one; unowned files stay.
        assert!(now.contains_key(Path::new("NOTES.txt")));
        assert!(!now.contains_key(Path::new("src/models/user.rs")));
    } else {
        assert!(g.report.written.is_empty(), "{:?}", g.report.written);
        assert_eq!(now, reference, "restored, unchanged files keep their mtimes");
    }
    let _ = std::fs::remove_dir_all(&base);
}
