//! Checks of the codebase's shape that the compiler cannot make.

use std::path::PathBuf;
use std::process::Command;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Crates the domain must never reach, directly or transitively.
const FORBIDDEN_IN_DOMAIN: &[&str] =
    &["sea-orm", "sea-query", "sqlx", "axum", "async-graphql", "tokio", "hyper", "tower", "tracing-subscriber"];

#[test]
fn the_domain_depends_on_no_orm_web_graphql_or_runtime_crate() {
    let output = Command::new(env!("CARGO"))
        .current_dir(workspace_root())
        .args(["tree", "-p", "hipe-domain", "-e", "normal", "--prefix", "none", "--format", "{p}"])
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    let tree = String::from_utf8(output.stdout).expect("utf-8");
    let offenders: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| FORBIDDEN_IN_DOMAIN.iter().any(|f| name == f || name.starts_with(&format!("{f}-"))))
        .collect();
    assert!(
        offenders.is_empty(),
        "hipe-domain must stay free of storage, web, GraphQL and runtime crates, but depends on: {offenders:?}. \
         Move that code to hipe-persistence or hipe-api, behind a port."
    );
}

#[tokio::test]
async fn every_audience_view_is_fresh_and_differs() {
    let mut views = Vec::new();
    for audience in hipe_api::graphql::audience::ALL {
        let name = hipe_api::graphql::audience::name(audience);
        let path = workspace_root().join("api/schema").join(format!("{name}.graphql"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let generated = hipe_api::graphql::read_view(audience).await.expect("view").sdl();
        assert!(
            committed == generated,
            "api/schema/{name}.graphql is stale: regenerate the views with `make schema`, review the diff, and commit it."
        );
        views.push((name, generated));
    }
    // The four front ends of DESIGN.md §1 each see a different part of the schema.
    let fronts: Vec<_> =
        views.iter().filter(|(name, _)| ["mobile", "ministry", "ofii", "partner"].contains(name)).collect();
    for (i, (a, first)) in fronts.iter().enumerate() {
        for (b, second) in &fronts[i + 1..] {
            assert_ne!(first, second, "the {a} and {b} views should differ");
        }
    }
}

#[test]
fn schema_graphql_is_fresh() {
    let committed = std::fs::read_to_string(workspace_root().join("schema.graphql")).unwrap_or_default();
    let generated = hipe_api::graphql::sdl();
    assert!(
        committed == generated,
        "schema.graphql is stale: the code's schema changed. Regenerate it with `make schema` \
         (that is: cargo run -q -p hipe-api --bin hipe -- schema > schema.graphql), review the diff, and commit it."
    );
}

#[test]
fn the_readme_lifecycle_matrix_is_the_one_the_code_computes() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let start = "<!-- lifecycle-matrix:start (generated from hipe_domain::policy_matrix; a test keeps it true) -->\n";
    let end = "<!-- lifecycle-matrix:end -->";
    let committed = readme.split_once(start).and_then(|(_, rest)| rest.split_once(end)).map(|(table, _)| table);
    let computed = hipe_domain::policy_matrix::lifecycle_markdown();
    assert!(
        committed == Some(computed.as_str()),
        "README.md's lifecycle matrix differs from the code. Put this between the lifecycle-matrix markers:\n{computed}"
    );
}

#[test]
fn the_readme_policy_matrix_is_the_one_the_code_computes() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let start = "<!-- policy-matrix:start (generated from hipe_domain::policy_matrix; a test keeps it true) -->\n";
    let end = "<!-- policy-matrix:end -->";
    let committed = readme.split_once(start).and_then(|(_, rest)| rest.split_once(end)).map(|(table, _)| table);
    let computed = hipe_domain::policy_matrix::markdown();
    assert!(
        committed == Some(computed.as_str()),
        "README.md's policy matrix differs from the policy functions. Put this between the policy-matrix markers:\n{computed}"
    );
}

#[test]
fn every_front_end_operation_is_exercised_by_a_scenario_test() {
    let root = workspace_root().join("tests");
    let sources: String = std::fs::read_dir(root.join("tests"))
        .expect("tests/tests")
        .flat_map(|entry| {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                std::fs::read_dir(&path).expect("dir").map(|e| e.expect("entry").path()).collect::<Vec<_>>()
            } else {
                vec![path]
            }
        })
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| std::fs::read_to_string(path).expect("source"))
        .collect();
    let mut unused = Vec::new();
    for front_end in ["mobile", "ministry", "ofii"] {
        let Ok(entries) = std::fs::read_dir(root.join("operations").join(front_end)) else { continue };
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path.file_stem().and_then(|s| s.to_str()).expect("name").to_owned();
            let reference = format!("{front_end}/{name}");
            let loaded =
                sources.contains(&format!("\"{reference}\"")) || sources.contains(&format!("{reference}.graphql"));
            if !loaded {
                unused.push(reference);
            }
        }
    }
    assert!(unused.is_empty(), "operations no scenario test runs (load them with operation!(\"…\")): {unused:?}");
}
