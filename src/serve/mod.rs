//! `relay serve`: the process Twilio talks to.
//!
//! One webhook URL per channel (`POST /twilio/sms`); the `To` number picks a [`Role`]. Every
//! Twilio route goes through the same layers, outermost first: the body is read (64 KiB at
//! most, else 413), the exchange is captured (`--capture`), HTTP Basic credentials are
//! checked (when configured), the Twilio signature is checked (403 and one log line saying
//! which check failed), every SID in it has Twilio's shape (400 naming the parameter), and
//! the request is de-duplicated (a retry gets the first answer and repeats no side effect). Handlers are small functions of [`AppState`] and the webhook.
//! RapidPro's ticketer API (`/ticketer/...`) and CI360 (`/ci360/...`) have their own
//! authentication and their own routers.

mod alert;
mod ci360;
mod claim;
mod deadline_io;
mod layers;
mod listener;
pub mod metrics;
mod oncall_line;
mod page;
mod pager;
mod sms;
mod status;
mod ticketer;
mod tickets;
mod voice;

use crate::capture::Captured;
use crate::cli::ServeArgs;
use crate::config::{Config, Role};
use crate::exit;
use crate::oncall::Roster;
use crate::oncall::service::Oncall;
use crate::store::Store;
use crate::twilio::signature::Keyring;
use crate::twilio::twiml;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::{Arc, Mutex};

/// Bodies over this get 413: Twilio's webhooks are far smaller.
pub const MAX_BODY: usize = 64 * 1024;

/// Everything a handler may need, shared by every request: one pointer to clone (every
/// layer gets its own copy of the state, per request).
#[derive(Clone)]
pub struct AppState(Arc<App>);

impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl AppState {
    pub fn new(app: App) -> AppState {
        AppState(Arc::new(app))
    }
}

pub struct App {
    pub config: Arc<Config>,
    pub keyring: Arc<Keyring>,
    pub store: Store,
    pub oncall: Oncall,
    pub insecure: bool,
    pub capture: Option<Arc<Mutex<std::fs::File>>>,
    /// The pager line's messages and their delivery.
    pub pager: crate::pager::deliver::Messages,
    /// Pages in relay's own rotation: acknowledgement and escalation.
    pub pages: crate::page::deliver::Pages,
    /// The alert line's alerts and their delivery, when [alert] is configured.
    pub alerts: Option<crate::alert::deliver::Alerts>,
    /// The tickets line, when [tickets] is configured.
    pub tickets: Option<crate::tickets::Tickets>,
    /// Message status callbacks, on their way into the store.
    pub statuses: crate::send::status::Intake,
    /// Recipients who opted out, by tenant and sender.
    pub optouts: crate::optout::OptOuts,
    /// Tenants that can send (`POST /ci360/messages`), by name.
    pub senders: std::collections::BTreeMap<String, ci360::Sender>,
    pub metrics: Arc<metrics::Metrics>,
    /// Signature diagnoses, one a second per peer.
    pub diagnoses: layers::PerPeer,
}

impl App {
    /// The role of one of relay's numbers for texts ([`crate::numbers::sms_role`]).
    pub fn role_of(&self, to: &str, roster: Option<&Roster>) -> Option<Role> {
        crate::numbers::sms_role(&self.config, roster, to)
    }

    /// Is this one of relay's own numbers? Never texted, and texts from them are ignored
    /// (loops).
    pub fn is_own_number(&self, number: &str, roster: Option<&Roster>) -> bool {
        self.config.numbers.contains_key(number)
            || roster.is_some_and(|r| {
                r.current_config.from_phone == number || r.current_config.pager_phone == number
            })
    }
}

/// A TwiML answer: 200, `text/xml`.
pub struct Twiml(pub twiml::Response);

impl IntoResponse for Twiml {
    fn into_response(self) -> Response {
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/xml")],
            self.0.to_xml(),
        )
            .into_response()
    }
}

/// A JSON answer (for the APIs that are not Twilio's).
pub(crate) fn json_answer(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// A handler failure: logged in full, answered with 500 and an empty `<Response/>`, so
/// Twilio sees valid TwiML and nothing internal leaks.
pub struct Failure(pub anyhow::Error);

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.into())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        if let Some(answer) = claim::duplicate_answer(&self.0) {
            return answer;
        }
        tracing::error!("handler failed: {:#}", self.0);
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/xml")],
            twiml::Response::new().to_xml(),
        )
            .into_response()
    }
}

pub fn router(state: AppState) -> Router {
    use axum::middleware::from_fn_with_state as layer;
    let twilio = Router::new()
        .route("/twilio/sms", post(sms::handle))
        .route("/twilio/voice", post(voice::incoming))
        .route(crate::pager::GATE_PATH, post(pager::gate))
        .route(crate::pager::DIALED_PATH, post(pager::dialed))
        .route(crate::pager::RECORDED_PATH, post(pager::recorded))
        .route(crate::pager::RECORDING_PATH, post(pager::recording))
        .route(crate::alert::MENU_PATH, post(alert::menu))
        .route(crate::alert::GROUP_PATH, post(alert::group))
        .route(crate::alert::RECORD_PATH, post(alert::record))
        .route(crate::alert::RECORDED_PATH, post(alert::recorded))
        .route(crate::alert::CONFIRM_PATH, post(alert::confirm))
        .route(crate::alert::STATUS_PATH, post(alert::status))
        .route(crate::alert::LIVE_PATH, post(alert::live))
        .route(crate::alert::RECORDING_PATH, post(alert::recording))
        .route(crate::alert::TRANSCRIPTION_PATH, post(alert::transcription))
        .route(crate::alert::ENDED_PATH, post(alert::ended))
        .route(crate::send::status::CALLBACK_PATH, post(status::message))
        .route(crate::page::CALL_PATH, post(page::call))
        .route(crate::page::KEY_PATH, post(page::key))
        .route(crate::page::STATUS_PATH, post(page::status))
        .route_layer(layer(state.clone(), layers::idempotency))
        .route_layer(axum::middleware::from_fn(layers::sids))
        .route_layer(layer(state.clone(), layers::signature))
        .route_layer(layer(state.clone(), layers::basic_auth))
        .route_layer(layer(state.clone(), layers::capture))
        .route_layer(layer(state.clone(), layers::buffer));
    let ci360 = Router::new()
        .route("/ci360/messages", post(ci360::handle))
        .route_layer(layer(state.clone(), layers::capture))
        .route_layer(layer(state.clone(), layers::buffer));
    // RapidPro's mailroom: its own token, its own JSON errors, bodies up to 1 MiB.
    let rapidpro = Router::new()
        .route(
            "/ticketer/{uuid}/{endpoint}",
            axum::routing::any(ticketer::endpoint),
        )
        .route("/ticketer/{uuid}/files/{id}/{name}", get(ticketer::file));
    let mut protected = Router::new()
        .route("/pager/messages/{id}/audio", get(pager::audio))
        .route("/alerts/{id}/recording", get(alert::audio));
    let metrics_here = state
        .config
        .serve
        .metrics
        .as_ref()
        .is_some_and(|m| m.listen.is_none());
    if metrics_here {
        protected = protected.route("/metrics", get(metrics::metrics));
    }
    // Route layers: a path that is not relay's is 404, not a Basic-auth challenge.
    let protected = protected.route_layer(layer(state.clone(), layers::basic_auth));
    // Outermost: the access line and the handler deadline, for every route.
    Router::new()
        .route("/healthz", get(healthz))
        .merge(twilio)
        .merge(ci360)
        .merge(rapidpro)
        .merge(protected)
        .layer(layer(state.clone(), layers::handler_deadline))
        .layer(layer(state.clone(), metrics::access))
        .with_state(state)
}

/// `/metrics` alone, for `[serve.metrics] listen`.
fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics::metrics))
        .with_state(state)
}

/// `GET /healthz`: 200 while the store answers, with the deployment's identity (which
/// `relay doctor` compares with the store's) and relay's version; 503 when it does not.
async fn healthz(axum::extract::State(app): axum::extract::State<AppState>) -> Response {
    let version = env!("CARGO_PKG_VERSION");
    match app.store.identity().await {
        Ok(id) => json_answer(
            StatusCode::OK,
            serde_json::json!({ "status": "ok", "instance": id, "version": version }),
        ),
        Err(e) => {
            tracing::warn!("healthz: {e}");
            json_answer(
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({ "status": "store unreachable", "version": version }),
            )
        }
    }
}

pub async fn run(args: &ServeArgs, config: Config) -> anyhow::Result<u8> {
    let keyring = config.keyring();
    if keyring.is_empty() && !args.insecure_skip_signature {
        return Err(exit::input(
            "relay serve needs an auth token or shared key to check Twilio's signatures: set TWILIO_AUTH_TOKEN or twilio.auth_token (or [twilio.shared_keys]); --insecure-skip-signature turns the check off for local experiments",
        ));
    }
    if args.insecure_skip_signature {
        tracing::warn!(
            "signature checking is OFF (--insecure-skip-signature): anyone can drive this relay"
        );
    }
    let store = Store::open(&config.store).await?;
    // Made now so /healthz has it; an unreachable store is reported there (and retried).
    if let Err(e) = store.identity().await {
        tracing::warn!("the store's identity: {e}");
    }
    let capture = match &args.capture {
        Some(path) => Some(Arc::new(Mutex::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| {
                    exit::input(format!(
                        "{}: cannot open the capture file: {e}",
                        path.display()
                    ))
                })?,
        ))),
        None => None,
    };
    let listen = args
        .listen
        .clone()
        .unwrap_or_else(|| config.serve.listen.clone());
    let senders = ci360::senders(&config);
    let config = Arc::new(config);
    let oncall = Oncall::new(store.clone(), config.oncall.clone());
    let pages = crate::page::deliver::pages(store.clone(), config.clone(), true);
    let pager = crate::pager::cmd::messages(store.clone(), config.clone(), pages.clone());
    let tickets = crate::tickets::Tickets::new(&config, store.clone())?;
    let alerts = config
        .alert
        .is_some()
        .then(|| crate::alert::deliver::alerts(store.clone(), config.clone(), pages.clone()));
    let mut metrics = metrics::Metrics::new();
    metrics.count_pages(&pages.work().counts);
    let state = AppState::new(App {
        alerts,
        metrics: Arc::new(metrics),
        pages,
        diagnoses: Default::default(),
        senders,
        optouts: crate::optout::OptOuts::new(store.clone()),
        statuses: crate::send::status::Intake::start(store.clone()),
        pager,
        tickets,
        oncall,
        config,
        keyring: Arc::new(keyring),
        store,
        insecure: args.insecure_skip_signature,
        capture,
    });
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|e| exit::input(format!("cannot listen on {listen}: {e}")))?;
    let addr = listener.local_addr()?;
    eprintln!(
        "relay: listening on http://{addr} (store {})",
        state.store.describe()
    );
    // Work a previous run left unfinished, found in the background.
    state.pager.resume();
    state.pages.resume();
    if let Some(a) = &state.alerts {
        a.resume();
    }
    if let Some(t) = &state.tickets {
        t.start();
    }
    crate::retention::start(state.store.clone(), state.config.store.retention.clone());
    if let Some(addr) = state
        .config
        .serve
        .metrics
        .as_ref()
        .and_then(|m| m.listen.clone())
    {
        let l = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|e| exit::input(format!("cannot listen on {addr} for metrics: {e}")))?;
        eprintln!("relay: metrics on http://{}/metrics", l.local_addr()?);
        let app = metrics_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(l, app).await {
                tracing::error!("the metrics listener stopped: {e}");
            }
        });
    }
    for w in crate::config::warnings(&state.config) {
        tracing::warn!("{w}");
    }
    // Before the first request: files and directories readable by others are made private.
    match state.store.tighten() {
        Ok(Some(notice)) => tracing::warn!("{notice}"),
        Ok(None) => {}
        Err(e) => tracing::warn!("{e}"),
    }
    listener::serve(
        listener,
        router(state.clone()),
        listener::Limits::from_config(&state.config.serve),
        state.metrics.clone(),
        shutdown(),
    )
    .await?;
    // Deliveries in flight finish and let go of their records (the next start resumes them
    // at once).
    crate::durable::shutdown(std::time::Duration::from_secs(10)).await;
    if let Some(t) = &state.tickets {
        t.stop().await;
    }
    eprintln!("relay: stopped");
    Ok(exit::OK)
}

/// SIGTERM or Ctrl-C: stop accepting, let in-flight requests finish.
async fn shutdown() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = term => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!("relay: shutting down, finishing requests in flight");
}

/// A capture record's id: time-ordered and unique within a process.
pub fn capture_id() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!("{}-{}-{n}", t.as_millis(), std::process::id())
}

pub(crate) fn write_capture(file: &Mutex<std::fs::File>, mut rec: Captured) {
    use std::io::Write;
    rec.redact();
    let line = rec.to_line();
    let mut f = file.lock().unwrap_or_else(|p| p.into_inner());
    if let Err(e) = f.write_all(line.as_bytes()).and_then(|_| f.flush()) {
        tracing::error!("cannot write the capture file: {e}");
    }
}
