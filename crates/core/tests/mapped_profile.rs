//! The `mapped` profile, described by tests/e2e/tickets-config.json, against answers
//! recorded from the test tree's "tickets" backend (`scripts/record-mapped.mjs`): a
//! backend with its own paths, envelopes, field names, status words, page numbers and
//! error bodies. The profile must make the recorded requests and read the answers back
//! into the contract's types.

mod replay;

use futures::executor::block_on;
use replay::{Replay, AGAIN, BASE, FIRST};
use yizhan_core::lifecycle::Action;
use yizhan_core::model::{NewOrder, OrderKind, OrderStatus, TransitionRequest};
use yizhan_core::sync::config::AppConfig;
use yizhan_core::sync::profiles::mapped::MappedProfile;
use yizhan_core::sync::{Backend, Fetched, Reference, ReferenceData, SyncError};

fn at_five() -> i64 {
    1_795_410_000_000 // 2026-11-23T05:00:00Z
}

fn at_ten_past_five() -> i64 {
    at_five() + 600_000
}

fn profile(now_ms: fn() -> i64) -> MappedProfile {
    let text = std::fs::read_to_string(format!(
        "{}/../../tests/e2e/tickets-config.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the e2e description");
    let config = AppConfig::parse(&text).expect("a valid description");
    MappedProfile::new(BASE, config.mapping.expect("a mapping"), now_ms)
}

fn wish(title: &str) -> NewOrder {
    NewOrder {
        kind: OrderKind::Wish,
        service_id: None,
        title: title.into(),
        description: String::new(),
        address: None,
        contact_phone: None,
        preferred_time: None,
        attributes: Default::default(),
        on_behalf_of: None,
        channel: None,
    }
}

/// The recorded path with the profile's base: the profile adds the API key as a header.
fn recorded(name: &str) -> Replay {
    Replay::of("mapped", name).any_body()
}

#[test]
fn signing_in_finds_the_user_by_phone_in_their_words() {
    let net = recorded("sign_in");
    let (session, user) =
        block_on(profile(at_five).sign_in(&net, "13800000001", "")).expect("signed in");
    assert_eq!(
        (session.user_id.as_str(), session.token.as_str()),
        ("p-1", "p-1")
    );
    assert_eq!(user.name, "李万章");
    assert_eq!(session.grid_id.as_deref(), Some("g-1"));
    assert_eq!(session.roles, ["resident"]);
}

#[test]
fn a_create_is_put_in_their_words_and_a_resend_is_the_same_order() {
    let net = recorded("create_then_resend");
    let profile = profile(at_five);
    let created =
        block_on(profile.create_order(&net, "p-1", "o-1", &wish("帮忙修一下门锁"), FIRST))
            .expect("created");
    assert_eq!(created.title, "帮忙修一下门锁");
    assert_eq!(
        created.status,
        OrderStatus::Submitted,
        "`new` read back as submitted"
    );
    let sent = net.sent.borrow()[0].clone().expect("a body");
    assert_eq!(sent["ticket"]["subject"], "帮忙修一下门锁");
    assert_eq!(sent["ticket"]["state"], "new");
    assert_eq!(sent["ticket"]["owner"], "p-1");
    assert_eq!(sent["ticket"]["source"], "yizhan");
    drop(sent);
    let again = block_on(profile.create_order(&net, "p-1", "o-1", &wish("帮忙修一下门锁"), AGAIN))
        .expect("same");
    assert_eq!(again, created);
    // Another order under the same id: refused (409), read back, and not the same.
    let other = block_on(profile.create_order(&net, "p-1", "o-1", &wish("帮忙换灯泡"), FIRST));
    assert!(
        matches!(other, Err(SyncError::Rejected { status: 409, ref kind, .. }) if kind == "id_conflict"),
        "{other:?}"
    );
    assert!(net.finished());
}

#[test]
fn a_step_is_patched_in_their_words() {
    let net = recorded("transition");
    let step = TransitionRequest {
        id: "t-1".into(),
        action: Action::Cancel,
        note: Some("自己修好了".into()),
        assignee_id: None,
        rating: None,
    };
    let done = block_on(profile(at_ten_past_five).transition(&net, "p-1", "o-1", 1, &step))
        .expect("applied");
    assert_eq!(done.status, OrderStatus::Cancelled, "`withdrawn` read back");
    assert_eq!(done.version, 2);
    let sent = net.sent.borrow()[1].clone().expect("a PATCH body");
    assert_eq!(sent["state"], "withdrawn");
    assert_eq!(sent["rev"], 2);
    assert_eq!(sent["history"][1]["note"], "自己修好了");
    let keys: Vec<&String> = sent.as_object().expect("an object").keys().collect();
    assert!(
        !keys.iter().any(|k| *k == "subject"),
        "a PATCH carries only what the step changed: {keys:?}"
    );

    // The backend refuses the write as a conflict (`errors.conflict`, 409 by default):
    // the engine is to pull and weigh the step again, not park it.
    let net = recorded("transition");
    net.exchanges.borrow_mut()[1].response.status = 409;
    let raced = block_on(profile(at_ten_past_five).transition(&net, "p-1", "o-1", 1, &step));
    assert!(
        matches!(raced, Err(SyncError::Conflict { current: None })),
        "{raced:?}"
    );
}

#[test]
fn the_list_comes_in_their_pages() {
    let net = recorded("pull_in_pages");
    let profile = profile(at_five);
    let first = block_on(profile.orders_since(&net, "p-1", None)).expect("page 1");
    assert!(first.has_more);
    let second =
        block_on(profile.orders_since(&net, "p-1", first.next_cursor.as_deref())).expect("page 2");
    assert!(!second.has_more);
    let titles: Vec<String> = first
        .items
        .into_iter()
        .chain(second.items)
        .map(|order| order.title)
        .collect();
    assert_eq!(titles.len(), 3);
    assert!(titles.contains(&"帮忙买菜".to_string()));
    assert_eq!(
        second.next_cursor.as_deref(),
        Some(""),
        "the next sync starts over"
    );
    assert!(net.finished());
}

#[test]
fn their_errors_and_reference_data_read_as_ours() {
    let net = recorded("errors");
    let missing = block_on(profile(at_five).transition(
        &net,
        "p-1",
        "nope",
        1,
        &TransitionRequest {
            id: "t-2".into(),
            action: Action::Cancel,
            note: None,
            assignee_id: None,
            rating: None,
        },
    ));
    assert!(
        matches!(missing, Err(SyncError::Rejected { status: 404, ref message, .. }) if message == "no such ticket"),
        "the message from /error/message: {missing:?}"
    );

    let net = recorded("reference");
    let profile = profile(at_five);
    let community = block_on(profile.reference(&net, "p-1", Reference::Community, None));
    assert!(matches!(
        community,
        Ok(Fetched::Fresh { data: ReferenceData::Community(ref c), .. }) if c.name == "育华里社区"
    ));
    let services = block_on(profile.reference(&net, "p-1", Reference::Services, None));
    assert!(matches!(
        services,
        Ok(Fetched::Fresh { data: ReferenceData::Services(ref s), .. }) if s.len() == 2
    ));
    let grids = block_on(profile.reference(&net, "p-1", Reference::Grids, None));
    assert_eq!(grids, Ok(Fetched::NotOffered), "not in the description");
    assert!(net.finished());
}
