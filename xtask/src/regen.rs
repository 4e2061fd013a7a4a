//! `cargo xtask regen`: regenerate `specs/<service>/<version>/` from the pages in its `docs/` folder.
//!
//! Every service is rendered in memory first; files are written only when every service rendered without an
//! error, temp file + rename, so a failed run leaves `specs/` exactly as it was. Hand-written specs (no generated
//! `$comment` marker) are never replaced or removed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tencentcloud_docs::{Defect, Plan, Regenerated, available_threads, map_parallel, plan, regen_service};

#[derive(clap::Args)]
pub struct Args {
    /// A folder of pages for one service; needs --out. Without it every `specs/*/*/docs` is regenerated.
    #[arg(long, requires = "out")]
    docs: Option<PathBuf>,
    /// Where to write the specs of --docs (`service.json`, `actions/`, `types/`, `regen-report.json`).
    #[arg(long, requires = "docs")]
    out: Option<PathBuf>,
    /// Write nothing; exit non-zero naming every spec file that differs from what the pages give.
    #[arg(long)]
    check: bool,
    /// Treat every warning (a defect in an example or in prose) as an error: nothing is written.
    #[arg(long)]
    strict: bool,
    /// Print every warning, not only the summary (always on with --docs).
    #[arg(long)]
    verbose: bool,
    /// The specs tree to regenerate instead of the repository's `specs/` (every `<service>/<version>/docs`).
    #[arg(long, conflicts_with = "docs")]
    specs: Option<PathBuf>,
}

/// A service folder to regenerate: its pages and where its specs go.
pub struct Job {
    pub docs: PathBuf,
    pub out: PathBuf,
}

/// Every `specs/<service>/<version>/docs` folder, sorted.
pub fn repository_jobs(specs: &Path) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    for service in crate::client_crates::list_dirs(specs)? {
        for version in crate::client_crates::list_dirs(&service)? {
            let docs = version.join(tencentcloud_spec::DOCS_DIR);
            if docs.is_dir() {
                jobs.push(Job { docs, out: version });
            }
        }
    }
    Ok(jobs)
}

/// Renders every job in memory (on every core) and compares it with the disk; the error lists every problem of
/// every service.
pub fn plan_jobs(jobs: &[Job]) -> Result<Vec<(Regenerated, Plan)>, String> {
    let results = map_parallel(jobs, available_threads(), |job| {
        let regen = regen_service(&job.docs).map_err(|e| e.to_string())?;
        let p = plan(&job.out, &regen.files()).map_err(|e| e.to_string())?;
        Ok::<_, String>((regen, p))
    });
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(done) => out.push(done),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors.join("\n")) }
}

/// `html-markup 8, missing-comma 4`: counts by defect class, in class order.
fn by_class(counts: &BTreeMap<Defect, usize>) -> String {
    counts.iter().map(|(d, n)| format!("{d} {n}")).collect::<Vec<_>>().join(", ")
}

pub fn run(args: Args) -> crate::Result {
    let root = crate::workspace_root();
    let single = args.docs.is_some();
    // Client crates follow the repository's specs only, not a --docs/--out or --specs run elsewhere.
    let from_repository = args.docs.is_none() && args.specs.is_none();
    let jobs = match (args.docs, args.out) {
        (Some(docs), Some(out)) => vec![Job { docs, out }],
        _ => repository_jobs(&args.specs.unwrap_or_else(|| root.join("specs")))?,
    };
    if jobs.is_empty() {
        return Err("no service folders: expected specs/<service>/<version>/docs/".into());
    }
    let started = Instant::now();
    let planned = plan_jobs(&jobs).map_err(|e| format!("regen failed, nothing was written:\n{e}"))?;
    let elapsed = started.elapsed();
    let api = crate::changes::assess(&root, &planned, from_repository)?;
    let (mut pages, mut actions, mut types, mut examples, mut unparsed) = (0, 0, 0, 0, 0);
    // Pages of the Chinese site, counted apart in the total (issue 12).
    let mut chinese_pages = 0;
    let mut totals: BTreeMap<Defect, usize> = BTreeMap::new();
    for (regen, p) in &planned {
        if single || args.verbose {
            for w in &regen.warnings {
                eprintln!("warning: {w}");
            }
        }
        let counts = regen.counts();
        let changed = p.writes.len() + p.removals.len();
        let n_examples: usize = regen.actions.iter().map(|a| a.examples.len()).sum();
        println!(
            "{} {}: {} pages ({}), {} actions, {} types, {} examples ({} unparsed), {} warnings [{}] ({} acknowledged), {} -> {}",
            regen.service.service,
            regen.service.version,
            regen.pages,
            regen.service.language.as_deref().unwrap_or("mixed languages"),
            regen.actions.len(),
            regen.types.len(),
            n_examples,
            regen.unparsed_examples(),
            regen.warnings.len(),
            by_class(&counts),
            regen.acknowledged.len(),
            if args.check { format!("{changed} stale") } else { format!("{changed} changed") },
            p.dir.display()
        );
        pages += regen.pages;
        if regen.service.language.as_deref() == Some("zh-CN") {
            chinese_pages += regen.pages;
        }
        actions += regen.actions.len();
        types += regen.types.len();
        examples += n_examples;
        unparsed += regen.unparsed_examples();
        for (d, n) in counts {
            *totals.entry(d).or_insert(0) += n;
        }
    }
    let warnings: usize = totals.values().sum();
    println!(
        "total: {} services, {pages} pages ({chinese_pages} zh-CN), {actions} actions, {types} types, {examples} examples ({unparsed} unparsed), \
         {warnings} warnings [{}]; {:.2} s, {:.0} pages/s on {} threads",
        planned.len(),
        by_class(&totals),
        elapsed.as_secs_f64(),
        pages as f64 / elapsed.as_secs_f64().max(1e-9),
        available_threads(),
    );
    if args.strict && warnings > 0 {
        let all: Vec<String> = planned.iter().flat_map(|(r, _)| &r.warnings).map(|w| format!("  {w}")).collect();
        return Err(format!("--strict: {warnings} warnings, nothing was written:\n{}", all.join("\n")));
    }
    print!("{}", api.summary(args.check));
    if args.check {
        let mut stale: Vec<String> = planned
            .iter()
            .flat_map(|(_, p)| p.stale())
            .chain(api.stale())
            .map(|p| format!("  {}", p.display()))
            .collect();
        if from_repository {
            stale.extend(crate::client_crates::regen(&root, true)?.iter().map(|p| format!("  {}", p.display())));
        }
        if !stale.is_empty() {
            let changes = api.lines();
            let changes =
                if changes.is_empty() { changes } else { format!("\nAPI changes regenerating would make:\n{changes}") };
            return Err(format!("specs are stale; run `cargo xtask regen`:\n{}{changes}", stale.join("\n")));
        }
        return Ok(());
    }
    if !from_repository || !api.without_crate.is_empty() {
        print!("{}", api.lines());
    }
    let plans: Vec<Plan> = planned.into_iter().map(|(_, p)| p).chain(api.plans).collect();
    Plan::apply_all(&plans).map_err(|e| e.to_string())?;
    // Crates follow the specs: a new service folder gets a crate, and a changed one a current README.
    if from_repository {
        crate::client_crates::regen(&root, false)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `cargo test` fails when someone edits a page or the parser without running `cargo xtask regen` (xtask is a
    /// default workspace member, so plain `cargo test` at the root runs this).
    #[test]
    fn committed_specs_are_current() {
        let specs = crate::workspace_root().join("specs");
        let jobs = super::repository_jobs(&specs).unwrap();
        let outs: Vec<_> = jobs.iter().map(|j| j.out.strip_prefix(&specs).unwrap().to_path_buf()).collect();
        for service in ["ccc/2020-02-10", "cvm/2017-03-12"] {
            assert!(outs.contains(&std::path::PathBuf::from(service)), "expected {service} among {outs:?}");
        }
        for (_, plan) in super::plan_jobs(&jobs).unwrap() {
            // The regen report is one of the files, so a new warning is a stale report.
            let stale: Vec<_> = plan.stale();
            assert!(stale.is_empty(), "stale specs, run `cargo xtask regen`: {stale:?}");
        }
    }
}
