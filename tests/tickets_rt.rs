//! The tickets line against a real Request Tracker 5 (started by scripts/test from Debian's
//! packages, a private SQLite instance). What relay did is read back through REST2 by the
//! test itself, as an independent reader; texts come in signed through `relay serve`;
//! replies go out through the Twilio fake.

mod common;
use common::rt::rt;
use common::server::*;
use common::twilio_fake::{Fake, Faults};
use common::*;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const LINE: &str = "+18005550199";

/// A TCP proxy in front of RT that can be down (connections refused at once: RT stopped,
/// as relay sees it) or up.
struct Proxy {
    url: String,
    up: Arc<AtomicBool>,
}

fn proxy(target: &str) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let target = target.trim_start_matches("http://").to_string();
    let up = Arc::new(AtomicBool::new(false));
    let flag = up.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(client) = conn else { continue };
            if !flag.load(Ordering::SeqCst) {
                drop(client);
                continue;
            }
            let Ok(server) = TcpStream::connect(&target) else {
                continue;
            };
            let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (mut c, mut s) = (client, server);
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut c2, &mut s2);
                let _ = s2.shutdown(std::net::Shutdown::Write);
            });
            std::thread::spawn(move || {
                let mut buf = [0u8; 16384];
                while let Ok(n) = s.read(&mut buf) {
                    if n == 0 || c.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = c.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    Proxy { url, up }
}

fn relay_for(fake: &Fake, rt_url: &str, token: &str) -> Relay {
    Relay::new(
        None,
        &format!(
            "\n[numbers]\n\"{LINE}\" = \"tickets\"\n[twilio]\naccount_sid = \"{SID}\"\napi_base_url = \"{}\"\n[tickets]\nbackend = \"rt\"\nqueue = \"General\"\n[tickets.rt]\nurl = \"{rt_url}\"\nuser = \"root\"\ntoken = \"{token}\"\npoll_interval = 1\n[oncall]\ndefault_country_code = \"1\"\n",
            fake.base
        ),
    )
}

/// A phone number no other test (or earlier run on this RT) uses.
fn unique_phone() -> String {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("+1555{:07}", n % 10_000_000)
}

fn text(r: &Relay, from: &str, body: Option<&str>, media: &[(&str, &str)]) -> (u16, String) {
    r.inbound(SID, from, LINE, body, media, &format!("idem-{}", rand_id()))
}

fn pending(r: &Relay) -> (i32, Value) {
    let out = run(r
        .cmd()
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .args(["tickets", "pending", "--json"]));
    (
        out.status.code().unwrap(),
        serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null),
    )
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc`\0\0\0\x02\0\x01\xe5'\xde\xfc\0\0\0\0IEND\xaeB`\x82";

#[test]
fn texts_become_rt_tickets_read_back_through_rest2() {
    let Some(rt) = rt() else { return };
    let fake = Fake::start(SID, TOKEN, Faults::default());
    // Carol is in RT before relay starts, under her own name, her phone written loosely.
    let carol = unique_phone();
    let cname = format!("carol{}", &carol[5..]);
    let loose = format!("({}) {}-{}", &carol[2..5], &carol[5..8], &carol[8..]);
    let (code, _) = rt.post_as(
        None,
        "user",
        json!({"Name": cname, "RealName": "Carol Jones", "PagerPhone": loose}),
    );
    assert_eq!(code, 201);
    let mut r = relay_for(&fake, &rt.url, &rt.token);
    r.start(&[]);
    let phone = unique_phone();
    let name = relay::tickets::requester_name(&phone);

    // A new texter: an unprivileged user with PagerPhone, a ticket in General.
    let body = "Printer on fire 🔥 — naïve café, 日本語";
    let (status, xml) = text(&r, &phone, Some(body), &[]);
    assert_eq!((status, xml.as_str()), (200, EMPTY), "{}", r.logs());
    wait_for("the text to reach RT", 30, || pending(&r).0 == 0);
    let user = rt.get(&format!("user/{name}"), &[]);
    assert_eq!(user["PagerPhone"], phone.as_str());
    assert_eq!(user["Privileged"], 0);
    let mine = rt.tickets_of(&name);
    assert_eq!(mine.len(), 1);
    let t = rt.get(&format!("ticket/{}", mine[0]), &[]);
    assert_eq!(t["Subject"], format!("SMS Message from {name}"));
    assert_eq!(t["Queue"]["id"], "1");
    let h = rt.history(&mine[0]);
    assert_eq!(h[0].0, "Create");
    assert_eq!(
        h[0].2,
        format!("To: {LINE}\nFrom: {phone}\n\n{body}"),
        "UTF-8 stored intact"
    );

    // The next text is a comment on the same ticket; an MMS's image is attached to it.
    fake.media.lock().unwrap().insert(
        "ME000000000000000000000000000000aa".into(),
        ("image/png".into(), PNG.to_vec()),
    );
    text(
        &r,
        &phone,
        Some("and the picture"),
        &[("ME000000000000000000000000000000aa", "image/png")],
    );
    wait_for("the MMS to reach RT", 30, || pending(&r).0 == 0);
    assert_eq!(rt.tickets_of(&name), mine, "still one ticket");
    let h = rt.history(&mine[0]);
    let comment = h.iter().find(|t| t.0 == "Comment").expect("a comment");
    assert!(comment.2.ends_with("\n\nand the picture"), "{comment:?}");
    assert_eq!(comment.3.len(), 1, "{comment:?}");
    assert_eq!(comment.3[0].1, PNG, "the image, byte for byte");

    // An existing user with another name is found by phone; RealName makes the subject.
    text(&r, &carol, Some("hi from carol"), &[]);
    wait_for("carol's text", 30, || pending(&r).0 == 0);
    let hers = rt.tickets_of(&cname);
    assert_eq!(hers.len(), 1, "the text went to carol, no SMS- user made");
    assert_eq!(
        rt.get(&format!("ticket/{}", hers[0]), &[])["Subject"],
        "SMS Message from Carol Jones"
    );
    assert_eq!(
        rt.get(
            &format!("user/{}", relay::tickets::requester_name(&carol)),
            &[]
        )["message"],
        "Not Found"
    );

    // An agent answers in RT's web UI (HTML): one SMS to the requester, in plain text.
    let (code, _) = rt.post_as(
        Some(("agent", "agentpass")),
        &format!("ticket/{}/correspond", mine[0]),
        json!({"Content": "<p>We are <b>on it</b> &amp; will call.</p>", "ContentType": "text/html"}),
    );
    assert_eq!(code, 201);
    let to_phone = |f: &Fake| {
        f.messages
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.to == phone)
            .map(|m| (m.from.clone(), m.body.clone()))
            .collect::<Vec<_>>()
    };
    wait_for("the agent's reply by SMS", 30, || {
        !to_phone(&fake).is_empty()
    });
    assert_eq!(
        to_phone(&fake),
        [(
            Some(LINE.to_string()),
            "We are on it & will call.".to_string()
        )]
    );

    // relay's own reply: correspondence in RT and one SMS, not texted again by the follower.
    let out = run(r.cmd().env("TWILIO_AUTH_TOKEN", TOKEN).args([
        "tickets",
        "reply",
        &mine[0],
        "Technician booked for 3pm",
    ]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        rt.history(&mine[0])
            .iter()
            .any(|t| t.0 == "Correspond" && t.1 == "root" && t.2 == "Technician booked for 3pm")
    );
    // After a restart, nothing is texted twice.
    r.stop();
    r.start(&[]);
    std::thread::sleep(Duration::from_secs(4));
    let texts = to_phone(&fake);
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert_eq!(texts[1].1, "Technician booked for 3pm");
}

#[test]
fn while_rt_is_down_texts_wait_in_order_and_a_bad_token_loses_nothing() {
    let Some(rt) = rt() else { return };
    let fake = Fake::start(SID, TOKEN, Faults::default());
    let p = proxy(&rt.url);
    let mut r = relay_for(&fake, &p.url, &rt.token);
    r.start(&[]);
    let phone = unique_phone();
    let name = relay::tickets::requester_name(&phone);
    for body in ["first", "second", "third"] {
        let (status, xml) = text(&r, &phone, Some(body), &[]);
        assert_eq!(
            (status, xml.as_str()),
            (200, EMPTY),
            "accepted while RT is down"
        );
    }
    let (code, v) = pending(&r);
    assert_eq!(code, 1);
    assert_eq!(v["inbound"].as_array().unwrap().len(), 3);
    std::thread::sleep(Duration::from_secs(2));
    let (_, v) = pending(&r);
    assert!(v["inbound"].to_string().contains("cannot reach RT"), "{v}");
    assert!(rt.get(&format!("user/{name}"), &[])["message"] == "Not Found");
    // RT is back: delivered, in arrival order (a ticket, then two comments).
    p.up.store(true, Ordering::SeqCst);
    let out = run(r.cmd().args(["tickets", "retry"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    wait_for("all three in RT", 30, || pending(&r).0 == 0);
    let mine = rt.tickets_of(&name);
    assert_eq!(mine.len(), 1);
    let bodies: Vec<String> = rt
        .history(&mine[0])
        .into_iter()
        .map(|t| t.2.rsplit("\n\n").next().unwrap().to_string())
        .collect();
    assert_eq!(bodies, ["first", "second", "third"]);
    r.stop();

    // A wrong token: the text is kept, pending, with a clear error.
    let mut bad = relay_for(&fake, &rt.url, "1-14-00000000000000000000000000000000");
    bad.start(&[]);
    let other = unique_phone();
    assert_eq!(text(&bad, &other, Some("hello?"), &[]).0, 200);
    std::thread::sleep(Duration::from_secs(2));
    let (code, v) = pending(&bad);
    assert_eq!(code, 1);
    assert!(
        v["inbound"]
            .to_string()
            .contains("RT refused relay's credentials"),
        "{v}"
    );
    let out = run(bad.cmd().args(["config", "check"]));
    assert_eq!(out.status.code(), Some(0));
}
