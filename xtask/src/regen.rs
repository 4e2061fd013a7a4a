//! `cargo xtask regen`: regenerate `specs/<service>/<version>/` from the pages in its `docs/` folder.
//!
//! Every service is rendered in memory first; files are written only when every service rendered without an
//! error, temp file + rename, so a failed run leaves `specs/` exactly as it was. Hand-written specs (no generated
//! `$comment` marker) are never replaced or removed.

use std::path::{Path, PathBuf};

use tencentcloud_docs::{Plan, Regenerated, plan, regen_service};

#[derive(clap::Args)]
pub struct Args {
    /// A folder of pages for one service; needs --out. Without it every `specs/*/*/docs` is regenerated.
    #[arg(long, requires = "out")]
    docs: Option<PathBuf>,
    /// Where to write the specs of --docs (`service.json`, `actions/`, `types/`).
    #[arg(long, requires = "docs")]
    out: Option<PathBuf>,
    /// Write nothing; exit non-zero naming every spec file that differs from what the pages give.
    #[arg(long)]
    check: bool,
}

/// A service folder to regenerate: its pages and where its specs go.
pub struct Job {
    pub docs: PathBuf,
    pub out: PathBuf,
}

/// Every `specs/<service>/<version>/docs` folder, sorted.
pub fn repository_jobs(specs: &Path) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    let list = |dir: &Path| -> Result<Vec<PathBuf>, String> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        Ok(dirs)
    };
    for service in list(specs)? {
        for version in list(&service)? {
            let docs = version.join(tencentcloud_spec::DOCS_DIR);
            if docs.is_dir() {
                jobs.push(Job { docs, out: version });
            }
        }
    }
    Ok(jobs)
}

/// Renders every job in memory and compares it with the disk; the error lists every problem of every service.
pub fn plan_jobs(jobs: &[Job]) -> Result<Vec<(Regenerated, Plan)>, String> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for job in jobs {
        match regen_service(&job.docs) {
            Ok(regen) => match plan(&job.out, &regen.files()) {
                Ok(p) => out.push((regen, p)),
                Err(e) => errors.push(e.to_string()),
            },
            Err(e) => errors.push(e.to_string()),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors.join("\n")) }
}

pub fn run(args: Args) -> crate::Result {
    let root = crate::workspace_root();
    let args_were_repository = args.docs.is_none();
    let jobs = match (args.docs, args.out) {
        (Some(docs), Some(out)) => vec![Job { docs, out }],
        _ => repository_jobs(&root.join("specs"))?,
    };
    if jobs.is_empty() {
        return Err("no service folders: expected specs/<service>/<version>/docs/".into());
    }
    let planned = plan_jobs(&jobs).map_err(|e| format!("regen failed, nothing was written:\n{e}"))?;
    let api = crate::changes::assess(&root, &planned, args_were_repository)?;
    let (mut pages, mut actions, mut types, mut warnings) = (0, 0, 0, 0);
    for (regen, p) in &planned {
        for w in &regen.warnings {
            eprintln!("warning: {w}");
        }
        let changed = p.writes.len() + p.removals.len();
        println!(
            "{} {}: {} pages, {} actions, {} types, {} warnings ({} acknowledged in docs/errata.json), {} commas repaired, {} -> {}",
            regen.service.service,
            regen.service.version,
            regen.pages,
            regen.actions.len(),
            regen.types.len(),
            regen.warnings.len(),
            regen.acknowledged.len(),
            regen.repaired_commas,
            if args.check { format!("{changed} stale") } else { format!("{changed} changed") },
            p.dir.display()
        );
        pages += regen.pages;
        actions += regen.actions.len();
        types += regen.types.len();
        warnings += regen.warnings.len();
    }
    println!("total: {} services, {pages} pages, {actions} actions, {types} types, {warnings} warnings", planned.len());
    let from_repository = args_were_repository;
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
        for (regen, plan) in super::plan_jobs(&jobs).unwrap() {
            assert!(regen.warnings.is_empty(), "new warnings: {:?}", regen.warnings);
            let stale: Vec<_> = plan.stale();
            assert!(stale.is_empty(), "stale specs, run `cargo xtask regen`: {stale:?}");
        }
    }
}
