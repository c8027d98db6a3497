//! Shell completions and man pages, generated from the clap definition.
//!
//! `completions/` and `docs/man/` are checked in; `tests/generated.rs` fails when they are
//! stale and names the command that regenerates them:
//! `cargo run -- generate-assets`.

use crate::cli::{Cli, Shell};
use clap::CommandFactory;
use std::path::Path;

pub const SHELLS: &[(Shell, &str)] = &[
    (Shell::Bash, "relay.bash"),
    (Shell::Zsh, "_relay"),
    (Shell::Fish, "relay.fish"),
    (Shell::Elvish, "relay.elv"),
    (Shell::Powershell, "_relay.ps1"),
];

pub fn completions(shell: Shell, out: &mut dyn std::io::Write) {
    let mut cmd = Cli::command();
    clap_complete::generate(clap_complete::Shell::from(shell), &mut cmd, "relay", out);
}

/// Writes `completions/*` and `docs/man/*.1` under `root`.
pub fn write_assets(root: &Path) -> anyhow::Result<()> {
    let comp = root.join("completions");
    std::fs::create_dir_all(&comp)?;
    for (shell, name) in SHELLS {
        let mut buf = Vec::new();
        completions(*shell, &mut buf);
        std::fs::write(comp.join(name), buf)?;
    }
    let man = root.join("docs").join("man");
    std::fs::create_dir_all(&man)?;
    for entry in std::fs::read_dir(&man)? {
        let p = entry?.path();
        if p.extension().is_some_and(|e| e == "1") {
            std::fs::remove_file(p)?;
        }
    }
    let mut cmd = without_help_subcommands(Cli::command());
    cmd.build();
    clap_mangen::generate_to(cmd, &man)?;
    Ok(())
}

/// clap's `help` pseudo-subcommand would get a man page of its own at every level.
fn without_help_subcommands(cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd.disable_help_subcommand(true);
    for name in names {
        cmd = cmd.mut_subcommand(name, without_help_subcommands);
    }
    cmd
}
