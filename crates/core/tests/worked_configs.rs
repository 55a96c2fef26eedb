//! Issue 14: the README's worked configs are the ones the end-to-end tests drive. Each
//! `tests/e2e/backends/<name>/config.json` must read as a valid description, and appear
//! in the README's "Connect your backend" word for word.

use std::path::Path;

use yizhan_core::sync::config::AppConfig;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn every_worked_config_is_valid_and_in_the_readme() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let backends = root().join("tests/e2e/backends");
    let mut seen = 0;
    for entry in std::fs::read_dir(&backends).expect("the backends folder") {
        let config = entry.expect("an entry").path().join("config.json");
        if !config.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&config).expect("readable");
        let parsed = AppConfig::parse(&text);
        assert!(parsed.is_ok(), "{}: {:?}", config.display(), parsed.err());
        assert!(
            readme.contains(text.trim_end()),
            "README.md does not show {} as it is",
            config.display()
        );
        seen += 1;
    }
    assert!(seen >= 7, "{seen} worked configs");
}
