//! Regen throughput over the repository's pages: every page parsed, checked and rendered to spec bytes, in
//! memory. Criterion reports pages per second (the `thrpt` line), for all pages and for each service alone.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tencentcloud_docs::{PageInput, Rendering, regen_pages};

fn service_pages(service: &str) -> Vec<PageInput> {
    pages_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs").join(service).join("docs"))
}

fn pages_in(dir: &Path) -> Vec<PageInput> {
    // Only the pages: docs/ also holds errata.json, which regen_service reads separately.
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| Rendering::of(p).is_some()).collect();
    paths.sort();
    paths.into_iter().map(|path| PageInput { text: std::fs::read_to_string(&path).unwrap(), path }).collect()
}

fn regen(c: &mut Criterion) {
    let services = [service_pages("ccc/2020-02-10"), service_pages("cvm/2017-03-12")];
    let pages: usize = services.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("regen");
    group.throughput(Throughput::Elements(pages as u64));
    group.bench_function("all_pages", |b| {
        b.iter(|| {
            for service in &services {
                let regen = regen_pages(black_box(service)).unwrap();
                black_box(regen.files());
            }
        })
    });
    // Each service alone: ccc is plain text plus three HTML pages; cvm is Markdown plus a 95 KB HTML Data Types page.
    for (name, service) in ["ccc", "cvm"].iter().zip(&services) {
        group.throughput(Throughput::Elements(service.len() as u64));
        group.bench_function(*name, |b| b.iter(|| black_box(regen_pages(black_box(service)).unwrap().files())));
    }
    group.finish();
}

/// The Chinese samples (ccc as copied text with tab tables and cells over several lines, cvm as saved HTML) and,
/// for comparison, the English pages of the same actions (text).
fn regen_chinese(c: &mut Criterion) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let services = [
        pages_in(&fixtures.join("zh-samples/ccc/2020-02-10")),
        pages_in(&fixtures.join("zh-samples/cvm/2017-03-12")),
        pages_in(&fixtures.join("en-samples/ccc/2020-02-10")),
        pages_in(&fixtures.join("en-samples/cvm/2017-03-12")),
    ];
    let mut group = c.benchmark_group("regen_zh");
    for (name, service) in ["ccc_zh_text", "cvm_zh_html", "ccc_en_text", "cvm_en_text"].iter().zip(&services) {
        group.throughput(Throughput::Elements(service.len() as u64));
        group.bench_function(*name, |b| b.iter(|| black_box(regen_pages(black_box(service)).unwrap().files())));
    }
    group.finish();
}

/// The whole committed API (every `specs/<service>/<version>/docs`: 9,838 English and 4,261 Chinese pages): read from disk, regenerated and
/// rendered to spec bytes on every core, as `cargo xtask regen` does before it compares with the committed files.
fn regen_corpus(c: &mut Criterion) {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut dirs = Vec::new();
    for service in std::fs::read_dir(&specs).unwrap().map(|e| e.unwrap().path()) {
        for version in std::fs::read_dir(&service).into_iter().flatten().map(|e| e.unwrap().path()) {
            if version.join("docs").is_dir() {
                dirs.push(version.join("docs"));
            }
        }
    }
    dirs.sort();
    let pages: usize = dirs.iter().map(|d| pages_in(d).len()).sum();
    let threads = tencentcloud_docs::available_threads();
    let mut group = c.benchmark_group("regen_corpus");
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages as u64));
    group.bench_function(format!("{}_services_{threads}_threads", dirs.len()), |b| {
        b.iter(|| {
            let done = tencentcloud_docs::map_parallel(&dirs, threads, |d| {
                tencentcloud_docs::regen_service(d).unwrap().files().len()
            });
            black_box(done)
        })
    });
    group.bench_function(format!("{}_services_1_thread", dirs.len()), |b| {
        b.iter(|| {
            let done = tencentcloud_docs::map_parallel(&dirs, 1, |d| {
                tencentcloud_docs::regen_service(d).unwrap().files().len()
            });
            black_box(done)
        })
    });
    group.finish();
}

/// Every Chinese service folder of the repository (its service.json says `zh-CN`): 144 service versions, 4,261
/// pages, regenerated one after another on one thread, so the rate is pages per second per core.
fn regen_chinese_corpus(c: &mut Criterion) {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut services = Vec::new();
    for service in std::fs::read_dir(&specs).unwrap().map(|e| e.unwrap().path()) {
        for version in std::fs::read_dir(&service).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
            let spec = std::fs::read_to_string(version.join("service.json")).unwrap_or_default();
            if spec.contains("\"language\": \"zh-CN\"") {
                services.push(pages_in(&version.join("docs")));
            }
        }
    }
    let pages: usize = services.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("regen_zh");
    group.sample_size(10).throughput(Throughput::Elements(pages as u64));
    group.bench_function("corpus_one_thread", |b| {
        b.iter(|| {
            for service in &services {
                black_box(regen_pages(black_box(service)).unwrap().files());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, regen, regen_chinese, regen_corpus, regen_chinese_corpus);
criterion_main!(benches);
