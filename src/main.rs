use clap::Parser;
use relay::cli::{Cli, Command, ConfigCommand};
use relay::config::{self, Loaded};
use relay::{exit, generation, output, url_credentials, verify};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    relay::output::set_wide(cli.wide);
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("relay: {err:#}");
            ExitCode::from(exit::code_of(&err))
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let load = || config::load(cli.config.as_deref());
    match cli.command {
        Command::Verify(args) => verify::run(&args, &load()?.config),
        Command::Serve(args) => {
            let config = load()?.config;
            init_logging();
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?
                .block_on(relay::serve::run(&args, config))
        }
        Command::Send(args) => {
            let config = load()?.config;
            if std::env::var_os("RELAY_LOG").is_some() {
                init_logging();
            }
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?
                .block_on(relay::send::run(&args, &config))
        }
        Command::Numbers(relay::cli::NumbersCommand::List { json }) => {
            let config = load()?.config;
            runtime()?.block_on(relay::numbers::list(&config, json))
        }
        Command::Numbers(relay::cli::NumbersCommand::Point {
            numbers,
            all,
            yes,
            basic_auth_user,
            json,
        }) => {
            let config = load()?.config;
            runtime()?.block_on(relay::numbers::point(
                &config,
                &numbers,
                all,
                yes,
                basic_auth_user.as_deref(),
                json,
            ))
        }
        Command::Doctor(args) => runtime()?.block_on(relay::doctor::run(
            load(),
            args.json,
            std::time::Duration::from_secs(args.timeout.max(1)),
        )),
        Command::Store(relay::cli::StoreCommand::Prune { dry_run, json }) => {
            let config = load()?.config;
            runtime()?.block_on(async {
                let store = relay::store::Store::open(&config.store).await?;
                relay::retention::run(&store, &config.store.retention, dry_run, json).await
            })
        }
        Command::Trigger(args) => relay::trigger::run(&args, &load()?.config),
        Command::Optout(args) => {
            let config = load()?.config;
            runtime()?.block_on(relay::optout::cmd::run(&args, &config))
        }
        Command::Replay(args) => relay::replay::run(&args, &load()?.config),
        Command::Pager(args) => {
            let config = load()?.config;
            if std::env::var_os("RELAY_LOG").is_some() {
                init_logging();
            }
            runtime()?.block_on(relay::pager::cmd::run(&args, &config))
        }
        Command::Alerts(args) => {
            let config = load()?.config;
            if std::env::var_os("RELAY_LOG").is_some() {
                init_logging();
            }
            runtime()?.block_on(relay::alert::cmd::run(&args, &config))
        }
        Command::Tickets(args) => {
            let config = load()?.config;
            if std::env::var_os("RELAY_LOG").is_some() {
                init_logging();
            }
            runtime()?.block_on(relay::tickets::cmd::run(&args, &config))
        }
        Command::Ticketer(args) => {
            let loaded = load()?;
            if std::env::var_os("RELAY_LOG").is_some() {
                init_logging();
            }
            runtime()?.block_on(relay::ticketer::cmd::run(&args, &loaded))
        }
        Command::Oncall(args) => {
            let config = load()?.config;
            runtime()?.block_on(relay::oncall::cmd::run(&args, &config))
        }
        Command::Config(ConfigCommand::Check { json }) => config_check(&load()?, json),
        Command::Config(ConfigCommand::Init { path, force }) => config_init(&path, force),
        Command::Completions { shell } => {
            generation::completions(shell, &mut std::io::stdout());
            Ok(exit::OK)
        }
        Command::GenerateAssets { dir } => {
            generation::write_assets(&dir)?;
            eprintln!(
                "wrote {}/completions and {}/docs/man",
                dir.display(),
                dir.display()
            );
            Ok(exit::OK)
        }
    }
}

/// Logs go to stderr; RELAY_LOG sets the filter (default info). Colour only on a terminal;
/// `RELAY_LOG_FORMAT=json` writes one JSON object per line for log shippers.
fn init_logging() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_env("RELAY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("RELAY_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        builder.json().flatten_event(true).init();
    } else {
        builder.with_ansi(std::io::stderr().is_terminal()).init();
    }
}

/// One thread is plenty for a command; `relay serve` builds its own.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

fn config_check(loaded: &Loaded, json: bool) -> anyhow::Result<u8> {
    let warnings = config::warnings(&loaded.config);
    // What `relay serve` would still refuse that is not the file's fault: said, not failed
    // (the token usually comes from the service's environment).
    let mut notes = Vec::new();
    if loaded.config.keyring().is_empty() {
        notes.push("relay serve will refuse to start here: it needs the auth token that signs Twilio's webhooks (TWILIO_AUTH_TOKEN, not set in this environment, or twilio.auth_token)".to_string());
    }
    if json {
        let mut v = serde_json::to_value(loaded)?;
        v["warnings"] = serde_json::json!(warnings);
        v["notes"] = serde_json::json!(notes);
        v["store"] = serde_json::json!(url_credentials::shown(&loaded.config.store.url));
        output::json(&v)?;
        return Ok(exit::OK);
    }
    for w in &warnings {
        eprintln!("relay: warning: {w}");
    }
    for n in &notes {
        eprintln!("relay: note: {n}");
    }
    match &loaded.path {
        Some(p) => println!("# read from {}", p.display()),
        None => println!("# no configuration file found; these are the defaults"),
    }
    println!(
        "# store: {}",
        url_credentials::shown(&loaded.config.store.url)
    );
    for (key, var) in &loaded.from_env {
        println!("# {key} from ${var}");
    }
    print!("{}", toml::to_string_pretty(&loaded.config)?);
    Ok(exit::OK)
}

fn config_init(path: &std::path::Path, force: bool) -> anyhow::Result<u8> {
    if path.as_os_str() == "-" {
        print!("{}", config::EXAMPLE);
        return Ok(exit::OK);
    }
    if path.exists() && !force {
        return Err(exit::input(format!(
            "{} already exists; pass --force to overwrite it, or `relay config init -` to print the example",
            path.display()
        )));
    }
    config::write_private(path, config::EXAMPLE)
        .map_err(|e| exit::input(format!("{}: cannot write: {e}", path.display())))?;
    eprintln!(
        "wrote {}; check it with `relay config check`",
        path.display()
    );
    Ok(exit::OK)
}

/// `relay serve` allocates per request (headers, form pairs, TwiML); mimalloc's thread-local
/// free lists make that cheaper than glibc's malloc under concurrency.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
