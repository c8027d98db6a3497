//! The ticketer API against a client that speaks exactly as RapidPro's mailroom does, with
//! callbacks answered by a receiver that behaves like mailroom's handler: every endpoint
//! and error path, retried GETs, agents' replies (with a file mailroom fetches) delivered
//! in order, retried after a 500, kept across a restart, a 4xx recorded as failed; rooms
//! closed from either side. On relay's own store, and on a real RT 5 when the test command
//! provides one (where agents also answer and resolve in RT itself).

mod common;
use common::mailroom::{Client, Got, Receiver, ticket_uuid};
use common::rt::rt;
use common::server::*;
use common::*;
use serde_json::{Value, json};
use std::io::Write;
use std::process::Stdio;
use std::sync::atomic::Ordering;

/// The secret RapidPro's connect form shows (32 letters and digits).
const SECRET: &str = "Rp7secretFromTheConnectForm00042";
const ADMIN: &str = "rc-admin-7";

struct Setup {
    r: Relay,
    mr: Client,
    recv: Receiver,
    uuid: String,
    admin_token: String,
}

impl Drop for Setup {
    /// A failing test shows what relay logged.
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("relay's log:\n{}", self.r.logs());
        }
    }
}

/// A relay with `tickets` as its [tickets] section, set up with `relay ticketer init` as
/// an operator would, then started.
fn setup(tickets: &str) -> Setup {
    let recv = Receiver::start(SECRET);
    let mut r = Relay::new(None, tickets);
    let mut child = r
        .cmd()
        .args([
            "ticketer",
            "init",
            "--secret-stdin",
            "--admin-user",
            ADMIN,
            "--json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{SECRET}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "init: {}", stderr(&out));
    let init: Value = serde_json::from_slice(&out.stdout).unwrap();
    let uuid = init["uuid"].as_str().unwrap().to_string();
    assert_eq!(init["url"], format!("{PUBLIC}/ticketer/{uuid}"));
    assert_eq!(
        init["secret"],
        Value::Null,
        "RapidPro's own secret is not printed"
    );
    let admin_token = init["admin_auth_token"].as_str().unwrap().to_string();
    let config = std::fs::read_to_string(&r.config).unwrap();
    assert!(
        !config.contains(SECRET) && !config.contains(&admin_token),
        "relay.toml keeps hashes only:\n{config}"
    );
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&r.config)
        .unwrap();
    writeln!(f, "\n[ticketer.departments]\n\"Support\" = \"General\"").unwrap();
    r.start(&[]);
    let mr = Client::new(&format!("{}/ticketer/{uuid}", r.base), SECRET);
    Setup {
        r,
        mr,
        recv,
        uuid,
        admin_token,
    }
}

/// An error answer: the status and the app's `{"error": ...}`.
#[track_caller]
fn refused(got: (u16, Value), status: u16, message: &str) {
    assert_eq!(got.0, status, "{:?}", got.1);
    assert_eq!(got.1, json!({ "error": message }), "status {status}");
}

/// The ticket whose subject is `subject`, once filed.
fn ticket_with(r: &Relay, subject: &str) -> String {
    let mut id = String::new();
    wait_for(&format!("a ticket called {subject:?}"), 30, || {
        let (_, v, _) = r.tickets(&["list", "--status", "all"]);
        if let Some(t) = v
            .as_array()
            .and_then(|a| a.iter().find(|t| t["subject"] == subject))
        {
            id = t["id"].as_str().unwrap().to_string();
            return true;
        }
        false
    });
    id
}

fn conversation(r: &Relay, id: &str) -> Vec<String> {
    let (_, v, _) = r.tickets(&["show", id]);
    v["conversation"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| i["text"].as_str().unwrap_or("").to_string())
        .collect()
}

fn handled(got: &[Got], kind: &str) -> Vec<Got> {
    got.iter()
        .filter(|g| g.body["type"] == kind && g.status == 200)
        .cloned()
        .collect()
}

/// A room's whole life, the same on every backend: opened (and opened again by a retried
/// GET), messages filed in order, a reply with a file that fails once and is delivered
/// once more, a reply made while relay is stopped delivered after its restart, the room
/// resolved by an agent (close-room), a new room closed by RapidPro (room.close).
fn lifecycle(s: &mut Setup, name: &str) -> (String, String) {
    // A contact id no other test (or earlier run on this RT) uses.
    let token = format!(
        "{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            % 1_000_000_000_000
    );
    let tid = ticket_uuid();
    s.recv.tickets.lock().unwrap().insert(tid.clone());
    let url = s.recv.url(&s.uuid);
    assert_eq!(
        s.mr.call("PUT", "settings", Some(&json!({"webhook": {"url": url}}))),
        (204, Value::String(String::new()))
    );

    // GET room (a body on a GET), then mailroom's retry of it: the same room.
    let (code, v) = s.mr.open_room(&token, &tid, name, Some("Support"));
    assert_eq!(code, 201, "{v}");
    let room = v["id"]
        .as_str()
        .expect("the room id is a string")
        .to_string();
    assert_eq!(
        s.mr.open_room(&token, &tid, name, Some("Support")),
        (201, json!({"id": room}))
    );
    refused(
        s.mr.open_room(&token, &ticket_uuid(), name, None),
        400,
        "Visitor already has an open room",
    );

    let (code, v) = s.mr.message(&token, "Hello, my order is late ü");
    assert_eq!(code, 201);
    assert!(v["id"].is_string(), "{v}");
    let (code, _) = s.mr.call(
        "POST",
        "visitor-message",
        Some(&json!({"visitor": {"token": token}, "text": "see photo",
            "attachments": [{"type": "image/jpeg", "url": "https://rp.example/media/1.jpg"}]})),
    );
    assert_eq!(code, 201);
    refused(
        s.mr.call(
            "POST",
            "visitor-message",
            Some(&json!({"visitor": {"token": token}, "attachments": []})),
        ),
        400,
        "Invalid body: text or attachments is required",
    );

    let id = ticket_with(&s.r, &format!("RapidPro conversation with {name}"));
    wait_for("the messages on the ticket", 30, || {
        conversation(&s.r, &id).len() >= 3
    });
    let conv = conversation(&s.r, &id);
    assert!(
        conv[0].starts_with("Conversation handed over by RapidPro."),
        "{conv:?}"
    );
    assert!(
        conv[0].contains(&format!("RapidPro ticket: {tid}")),
        "{conv:?}"
    );
    assert!(conv[0].contains("plan: gold"), "{conv:?}");
    assert_eq!(conv[1], "Hello, my order is late ü");
    assert_eq!(
        conv[2],
        "see photo\n[image/jpeg] https://rp.example/media/1.jpg"
    );

    // A reply with a file; mailroom answers the first three agent-messages with 500 (the
    // command's own tries, at 0, 1 and 3 s).
    s.recv.fail_agent_messages.store(3, Ordering::SeqCst);
    let file = s.r.dir.path().join("label.pdf");
    std::fs::write(&file, b"%PDF-1.4 shipping label").unwrap();
    let (code, v, err) = s.r.tickets(&[
        "reply",
        &id,
        "Sorry! Here is your label.",
        "--attach",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "not delivered yet: {err}");
    assert_eq!(
        (v["channel"].as_str(), v["sent"].as_bool()),
        (Some("rapidpro"), Some(false))
    );
    assert!(
        v["reply"]["steps"]["post"]["last_error"]
            .as_str()
            .unwrap()
            .contains("answered 500"),
        "{v}"
    );
    wait_for("the agent-message to be redelivered", 40, || {
        !handled(&s.recv.about(&tid), "agent-message").is_empty()
    });
    std::thread::sleep(std::time::Duration::from_secs(2));
    let got = s.recv.about(&tid);
    let msgs: Vec<&Got> = got
        .iter()
        .filter(|g| g.body["type"] == "agent-message")
        .collect();
    assert_eq!(
        msgs.iter().map(|g| g.status).collect::<Vec<_>>(),
        [500, 500, 500, 200],
        "redelivered until taken, then never again"
    );
    assert!(msgs.iter().all(|m| m.body == msgs[0].body));
    let m = msgs[3];
    assert_eq!(m.authorization, format!("Token {SECRET}"));
    assert!(m.content_type.starts_with("application/json"));
    assert_eq!(m.uuid, s.uuid);
    assert_eq!(m.body["ticketID"], tid.as_str());
    assert_eq!(m.body["visitor"], json!({"token": token}));
    assert_eq!(m.body["data"]["text"], "Sorry! Here is your label.");
    let att = &m.body["data"]["attachments"][0];
    assert_eq!(att["type"], "application/pdf");
    // mailroom fetches the file with the admin credentials from RapidPro's form.
    let path = att["url"]
        .as_str()
        .unwrap()
        .strip_prefix(PUBLIC)
        .expect("under relay's public URL")
        .to_string();
    let resp =
        s.r.http
            .get(format!("{}{path}", s.r.base))
            .header("X-Auth-Token", &s.admin_token)
            .header("X-User-Id", ADMIN)
            .send()
            .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert_eq!(resp.bytes().unwrap().as_ref(), b"%PDF-1.4 shipping label");
    let resp =
        s.r.http
            .get(format!("{}{path}", s.r.base))
            .header("X-Auth-Token", "wrong")
            .header("X-User-Id", ADMIN)
            .send()
            .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let (_, v, _) = s.r.tickets(&["show", &id]);
    let rp = v["rapidpro"].as_array().unwrap();
    assert_eq!(rp.len(), 1);
    assert_eq!(rp[0]["steps"]["post"]["state"], "done");
    assert_eq!(rp[0]["steps"]["post"]["attempts"], 4);

    // relay stopped, mailroom down: the reply waits in the store; after a restart it goes.
    assert!(s.r.stop().success());
    s.recv.down.store(1, Ordering::SeqCst);
    let (code, _, _) = s.r.tickets(&["reply", &id, "Second thoughts"]);
    assert_eq!(code, 1);
    let (code, v, _) = s.r.tickets(&["pending"]);
    assert_eq!(code, 1);
    assert_eq!(v["to_rapidpro"].as_array().unwrap().len(), 1, "{v}");
    s.recv.down.store(0, Ordering::SeqCst);
    s.r.start(&[]);
    s.mr = Client::new(&format!("{}/ticketer/{}", s.r.base, s.uuid), SECRET);
    wait_for("the reply kept across the restart", 40, || {
        handled(&s.recv.about(&tid), "agent-message").len() == 2
    });
    let second = &handled(&s.recv.about(&tid), "agent-message")[1];
    assert_eq!(second.body["data"]["text"], "Second thoughts");
    assert_eq!(second.body["data"].get("attachments"), None);

    // The agent resolves: close-room goes to RapidPro; the room is gone for the visitor.
    let (code, v, err) = s.r.tickets(&["resolve", &id]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["close_room"]["sent"], true);
    let closes = handled(&s.recv.about(&tid), "close-room");
    assert_eq!(closes.len(), 1);
    assert_eq!(
        closes[0].body,
        json!({"type": "close-room", "ticketID": tid, "visitor": {"token": token}})
    );
    refused(
        s.mr.message(&token, "anyone?"),
        404,
        &format!("Could not find a room for visitor token: {token}"),
    );

    // A new room for the same visitor, closed from RapidPro's side.
    let tid2 = ticket_uuid();
    let (code, v) = s.mr.open_room(&token, &tid2, name, None);
    assert_eq!(code, 201);
    assert_ne!(v["id"], json!(room), "a new room");
    s.mr.message(&token, "one more thing");
    assert_eq!(s.mr.close(&token), (204, Value::String(String::new())));
    refused(
        s.mr.close(&token),
        404,
        &format!("Could not find a room for visitor token: {token}"),
    );
    (id, token)
}

#[test]
fn mailroom_conformance_and_a_room_s_life_on_relay_s_store() {
    let mut s = setup("[tickets]\n");
    let mr = &s.mr;
    let auth = format!("Token {SECRET}");
    let json_ct = Some("application/json");

    // secret.check: the token only (no Content-Type needed); 200 {"status":"ok"}.
    assert_eq!(
        mr.raw("GET", "secret.check", None, None, Some(&auth)),
        (200, json!({"status": "ok"}))
    );
    refused(
        mr.raw("GET", "secret.check", None, None, Some("Token nope")),
        403,
        "Invalid Authorization header",
    );
    refused(
        mr.raw("GET", "secret.check", None, None, None),
        403,
        "Invalid Authorization header",
    );
    // Content-Type is checked before the token.
    refused(
        mr.raw(
            "PUT",
            "settings",
            Some("{}".into()),
            Some("text/plain"),
            Some("Token nope"),
        ),
        400,
        "Invalid Content-Type header",
    );
    // A wrong token writes nothing.
    refused(
        mr.raw(
            "PUT",
            "settings",
            Some(r#"{"webhook":{"url":"https://evil.example/cb"}}"#.into()),
            json_ct,
            Some("Token nope"),
        ),
        403,
        "Invalid Authorization header",
    );
    assert!(
        !s.r.dir
            .path()
            .join("data/tickets/ticketer/settings.json")
            .exists()
    );
    refused(
        mr.call("PUT", "settings", Some(&json!({"webhook": {}}))),
        400,
        "webhook.url is required",
    );
    refused(
        mr.call(
            "PUT",
            "settings",
            Some(&json!({"webhook": {"url": "file:///etc/passwd"}})),
        ),
        400,
        "webhook.url must be an http(s) URL, not \"file:///etc/passwd\"",
    );
    // Malformed JSON, wrong types, missing and overlong fields: 400 naming the field.
    let (code, v) = mr.raw(
        "GET",
        "room",
        Some("{\"visitor\":".into()),
        json_ct,
        Some(&auth),
    );
    assert_eq!(code, 400);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .starts_with("Invalid JSON body"),
        "{v}"
    );
    refused(
        mr.call(
            "GET",
            "room",
            Some(&json!({"visitor": {"contactUUID": "u"}, "ticketID": "t"})),
        ),
        400,
        "visitor.token is required",
    );
    refused(
        mr.call(
            "GET",
            "room",
            Some(&json!({"visitor": {"token": 12, "contactUUID": "u"}, "ticketID": "t"})),
        ),
        400,
        "visitor.token must be a string",
    );
    refused(
        mr.open_room("1", &"t".repeat(257), "Ann", None),
        400,
        "ticketID is longer than 256 characters",
    );
    refused(
        mr.open_room("1", &ticket_uuid(), "Ann", Some("Sales")),
        404,
        "Could not find a department with name: Sales",
    );
    refused(
        mr.raw(
            "GET",
            "room",
            Some(format!("{{\"pad\":\"{}\"}}", "x".repeat(1024 * 1024))),
            json_ct,
            Some(&auth),
        ),
        413,
        "Request body too large (1 MiB at most)",
    );
    refused(
        mr.message("nobody", "hi"),
        404,
        "Could not find a room for visitor token: nobody",
    );
    refused(
        mr.close("nobody"),
        404,
        "Could not find a room for visitor token: nobody",
    );
    refused(
        mr.call("POST", "room", Some(&json!({}))),
        405,
        "room takes GET",
    );
    let other = Client::new(
        &format!("{}/ticketer/00000000-0000-4000-8000-000000000000", s.r.base),
        SECRET,
    );
    refused(other.call("GET", "secret.check", None), 404, "Not found");
    assert_eq!(
        std::fs::read_dir(s.r.dir.path().join("data/tickets"))
            .map(|d| d.count())
            .unwrap_or(0),
        0,
        "no refused request wrote anything"
    );

    // An unnamed contact is welcome (the app refused them).
    let tid = ticket_uuid();
    s.recv.tickets.lock().unwrap().insert(tid.clone());
    s.mr.call(
        "PUT",
        "settings",
        Some(&json!({"webhook": {"url": s.recv.url(&s.uuid)}})),
    );
    let (code, _) = s.mr.open_room("424242", &tid, "", None);
    assert_eq!(code, 201);
    let unnamed = ticket_with(&s.r, "RapidPro conversation with contact 424242");

    let (id, _) = lifecycle(&mut s, "Ada Lovelace");
    // room.close resolved the second room's ticket; the first was resolved by the agent.
    wait_for(
        "the room closed by RapidPro to resolve its ticket",
        30,
        || {
            let (_, v, _) = s.r.tickets(&["list", "--status", "resolved"]);
            v.as_array().is_some_and(|a| a.len() == 2)
        },
    );
    let (_, v, _) = s.r.tickets(&["list", "--status", "resolved"]);
    assert!(v.as_array().unwrap().iter().any(|t| t["id"] == id.as_str()));

    // mailroom does not know this ticket (404): recorded as failed, not retried.
    let lost = ticket_uuid();
    let (code, _) = s.mr.open_room("555", &lost, "Lost Larry", None);
    assert_eq!(code, 201);
    let larry = ticket_with(&s.r, "RapidPro conversation with Lost Larry");
    let (code, v, _) = s.r.tickets(&["reply", &larry, "hello?"]);
    assert_eq!(code, 1);
    let step = &v["reply"]["steps"]["post"];
    assert_eq!(step["state"], "failed");
    assert_eq!(step["attempts"], 12, "a 4xx is not retried: {v}");
    assert!(
        step["last_error"]
            .as_str()
            .unwrap()
            .contains("answered 404"),
        "{v}"
    );
    std::thread::sleep(std::time::Duration::from_secs(11));
    assert_eq!(s.recv.about(&lost).len(), 1, "tried once");
    // An SMS reply path is not taken for a room; the unnamed room is untouched.
    assert_eq!(conversation(&s.r, &unnamed).len(), 1);
}

#[test]
fn a_room_s_life_in_rt_where_agents_also_answer_and_resolve() {
    let Some(rt) = rt() else { return };
    let mut s = setup(&format!(
        "[tickets]\nbackend = \"rt\"\nqueue = \"General\"\n[tickets.rt]\nurl = \"{}\"\nuser = \"root\"\ntoken = \"{}\"\npoll_interval = 1\n",
        rt.url, rt.token
    ));
    let name = format!("Grace {}", rand_id());
    let (id, token) = lifecycle(&mut s, &name);
    // In RT: the visitor is an unprivileged user with no email or pager phone; the
    // messages are on the ticket; the close from RapidPro resolved the second ticket.
    let user = rt.get(&format!("user/rapidpro-{token}"), &[]);
    assert_eq!(user["RealName"], name.as_str());
    assert_eq!(user["EmailAddress"].as_str().unwrap_or(""), "");
    assert_eq!(user["PagerPhone"].as_str().unwrap_or(""), "");
    let h = rt.history(&id);
    assert!(
        h.iter().any(|t| t.2 == "Hello, my order is late ü"),
        "{h:?}"
    );
    assert_eq!(rt.get(&format!("ticket/{id}"), &[])["Status"], "resolved");

    // A third room, answered and resolved by an agent in RT's own UI (REST2 as `agent`).
    let subject = format!("RapidPro conversation with {name}");
    let with_subject = || -> Vec<String> {
        let (_, v, _) = s.r.tickets(&["list", "--status", "all"]);
        v.as_array()
            .unwrap()
            .iter()
            .filter(|t| t["subject"] == subject.as_str())
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    let before = with_subject();
    assert_eq!(before.len(), 2, "{before:?}");
    let tid = ticket_uuid();
    s.recv.tickets.lock().unwrap().insert(tid.clone());
    let (code, _) = s.mr.open_room(&token, &tid, &name, None);
    assert_eq!(code, 201);
    let mut third = String::new();
    wait_for("the third room's ticket", 30, || {
        match with_subject().into_iter().find(|t| !before.contains(t)) {
            Some(t) => {
                third = t;
                true
            }
            None => false,
        }
    });
    let agent = Some(("agent", "agentpass"));
    let (code, v) = rt.post_as(
        agent,
        &format!("ticket/{third}/correspond"),
        json!({"Content": "Typed in RT ✔", "ContentType": "text/plain"}),
    );
    assert_eq!(code, 201, "{v}");
    wait_for("RT's correspondence to reach RapidPro", 30, || {
        handled(&s.recv.about(&tid), "agent-message").len() == 1
    });
    assert_eq!(
        handled(&s.recv.about(&tid), "agent-message")[0].body["data"]["text"],
        "Typed in RT ✔"
    );
    let resp = rt
        .http
        .put(format!("{}/REST/2.0/ticket/{third}", rt.url))
        .basic_auth("agent", Some("agentpass"))
        .json(&json!({"Status": "resolved"}))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    wait_for("RT's resolution to close the room", 30, || {
        handled(&s.recv.about(&tid), "close-room").len() == 1
    });
    refused(
        s.mr.message(&token, "still there?"),
        404,
        &format!("Could not find a room for visitor token: {token}"),
    );
    // Nothing is sent twice.
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert_eq!(s.recv.about(&tid).len(), 2);
}
