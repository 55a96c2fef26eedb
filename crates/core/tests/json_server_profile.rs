//! The `json-server` profile against what json-server 0.17 really answered: each fixture
//! in `fixtures/json_server/` was recorded from a running json-server by
//! `scripts/record-json-server.mjs`. The profile must make exactly the recorded requests
//! and read the recorded answers back into the contract's types.

mod replay;

use std::cell::RefCell;

use futures::executor::block_on;
use replay::{Exchange, RecordedRequest, RecordedResponse, Replay, AGAIN, BASE, FIRST};
use serde_json::Value;
use yizhan_core::lifecycle::Action;
use yizhan_core::model::{NewOrder, OrderKind, OrderStatus, ShiftStatus, TransitionRequest};
use yizhan_core::sync::profiles::JsonServerProfile;
use yizhan_core::sync::{Backend, Fetched, Reference, ReferenceData, SyncError};

fn at_five() -> i64 {
    1_795_410_000_000 // 2026-11-23T05:00:00Z
}

fn at_ten_past_five() -> i64 {
    at_five() + 600_000
}

fn at_half_past_five() -> i64 {
    at_five() + 1_800_000
}

fn wish() -> NewOrder {
    NewOrder {
        kind: OrderKind::Wish,
        service_id: None,
        title: "帮忙换灯泡".into(),
        description: String::new(),
        address: None,
        contact_phone: None,
        preferred_time: None,
        attributes: Default::default(),
        on_behalf_of: None,
        channel: None,
    }
}

#[test]
fn a_create_resent_after_a_lost_answer_is_the_same_order_not_a_second_one() {
    let net = Replay::of("json_server", "create_then_resend");
    let profile = JsonServerProfile::new(BASE, at_five);
    let first =
        block_on(profile.create_order(&net, "u-1", "o-1", &wish(), FIRST)).expect("created");
    assert_eq!(first.status, OrderStatus::Submitted);
    assert_eq!(first.owner_id, "u-1");
    // The answer was lost; the outbox sends it again and meets "duplicate id".
    let again =
        block_on(profile.create_order(&net, "u-1", "o-1", &wish(), AGAIN)).expect("the same order");
    assert_eq!(again, first);
    assert!(net.finished());

    let other = NewOrder {
        title: "帮忙修水管".into(),
        ..wish()
    };
    let net = Replay::of("json_server", "create_then_resend")
        .skip(1)
        .any_body();
    let conflict = block_on(profile.create_order(&net, "u-1", "o-1", &other, AGAIN));
    assert!(
        matches!(conflict, Err(SyncError::Rejected { status: 409, ref kind, .. }) if kind == "id_conflict"),
        "{conflict:?}"
    );
}

fn cancel() -> TransitionRequest {
    TransitionRequest {
        id: "t-1".into(),
        action: Action::Cancel,
        note: Some("不需要了".into()),
        assignee_id: None,
        rating: None,
    }
}

#[test]
fn a_step_checks_the_version_then_merges_status_version_and_timeline() {
    let net = Replay::of("json_server", "transition");
    let profile = JsonServerProfile::new(BASE, at_ten_past_five);
    let done = block_on(profile.transition(&net, "u-1", "o-1", 1, &cancel())).expect("applied");
    assert_eq!(done.status, OrderStatus::Cancelled);
    assert_eq!(done.version, 2);
    assert_eq!(
        done.timeline.last().map(|e| e.note.clone()),
        Some(Some("不需要了".into()))
    );
    assert!(net.finished());

    // From a version the device no longer has: the current order comes back as a 412.
    let net = Replay::of("json_server", "transition");
    let stale = block_on(profile.transition(&net, "u-1", "o-1", 7, &cancel()));
    match stale {
        Err(SyncError::Conflict {
            current: Some(current),
        }) => assert_eq!(current.version, 1),
        other => panic!("not a conflict: {other:?}"),
    }

    // Applied before and answered into the void: found in the timeline, not applied again.
    let net = Replay::of("json_server", "transition").skip(1);
    let patched = net.exchanges.borrow()[0].response.body.clone();
    let net = Replay {
        exchanges: RefCell::new(
            vec![Exchange {
                request: RecordedRequest {
                    method: "GET".into(),
                    path: "/orders/o-1".into(),
                    body: None,
                },
                response: RecordedResponse {
                    status: 200,
                    body: patched,
                },
            }]
            .into(),
        ),
        check_bodies: true,
        sent: RefCell::default(),
    };
    let again = block_on(profile.transition(&net, "u-1", "o-1", 1, &cancel())).expect("the same");
    assert_eq!(again.version, 2);
    assert!(net.finished(), "no second PATCH");
}

#[test]
fn pulling_pages_through_orders_that_share_a_millisecond_skips_none_and_repeats_none() {
    let net = Replay::of("json_server", "pull_in_pages");
    let profile = JsonServerProfile::new(BASE, at_five).with_page_size(2);
    let mut cursor: Option<String> = None;
    let mut seen = Vec::new();
    loop {
        let page = block_on(profile.orders_since(&net, "u-1", cursor.as_deref())).expect("a page");
        seen.extend(page.items.into_iter().map(|o| o.id));
        cursor = page.next_cursor;
        if !page.has_more {
            break;
        }
    }
    assert_eq!(seen, ["o-1", "o-2", "o-3", "o-4"]);
    assert!(net.finished());
}

#[test]
fn shifts_read_as_the_contract_shows_them_and_a_signup_adds_the_volunteer() {
    let net = Replay::of("json_server", "reference");
    let profile = JsonServerProfile::new(BASE, at_half_past_five);
    let community = block_on(profile.reference(&net, "u-1", Reference::Community, None));
    assert!(matches!(
        community,
        Ok(Fetched::Fresh { data: ReferenceData::Community(ref c), etag: None }) if c.name == "育华里社区"
    ));
    let Ok(Fetched::Fresh {
        data: ReferenceData::Shifts(shifts),
        ..
    }) = block_on(profile.reference(&net, "u-1", Reference::Shifts, None))
    else {
        panic!("no shifts");
    };
    assert_eq!((shifts[0].signed_up, shifts[0].me), (2, true));
    assert_eq!(shifts[0].status, ShiftStatus::Full);
    assert!(net.finished());

    let not_here = block_on(profile.reference(&net, "u-1", Reference::Volunteers, None));
    assert_eq!(not_here, Ok(Fetched::NotOffered));

    let net = Replay::of("json_server", "shift_signup");
    let shift = block_on(profile.shift_signup(&net, "u-1", "sh-1", true)).expect("signed up");
    assert_eq!(
        (shift.me, shift.signed_up, shift.status),
        (true, 2, ShiftStatus::Full)
    );
    // Signing up again is one sign-up: no write.
    let again = block_on(profile.shift_signup(&net, "u-1", "sh-1", true)).expect("still signed up");
    assert!(again.me);
    assert!(net.finished());
}

#[test]
fn an_order_changed_on_the_server_after_the_last_pull_comes_in_the_next_one() {
    // The shape of json-server's list (see pull_in_pages.json): one order, then the same
    // order dispatched by the community at 05:40.
    let recorded: Vec<Exchange> = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/tests/fixtures/json_server/pull_in_pages.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("fixture"),
    )
    .expect("recording");
    let mut first: Vec<Value> = serde_json::from_str(&recorded[0].response.body).expect("list");
    first.truncate(1);
    let mut moved = first[0].clone();
    moved["status"] = "dispatched".into();
    moved["version"] = 2.into();
    moved["updated_at"] = "2026-11-23T05:40:00.000Z".into();
    let since = first[0]["updated_at"]
        .as_str()
        .expect("a time")
        .replace(':', "%3A");
    let list = |since: &str| {
        format!(
            "/orders?owner_id=u-1&updated_at_gte={since}&_sort=updated_at,id&_order=asc,asc&_start=0&_limit=100"
        )
    };
    let exchange = |path: String, body: Vec<Value>| Exchange {
        request: RecordedRequest {
            method: "GET".into(),
            path,
            body: None,
        },
        response: RecordedResponse {
            status: 200,
            body: serde_json::to_string(&body).expect("json"),
        },
    };
    let net = Replay {
        exchanges: RefCell::new(
            vec![
                exchange(list(""), first),
                exchange(list(&since), vec![moved]),
            ]
            .into(),
        ),
        check_bodies: true,
        sent: RefCell::default(),
    };
    let profile = JsonServerProfile::new(BASE, at_ten_past_five);
    let page = block_on(profile.orders_since(&net, "u-1", None)).expect("first pull");
    assert_eq!(page.items.len(), 1);
    let again = block_on(profile.orders_since(&net, "u-1", page.next_cursor.as_deref()))
        .expect("second pull");
    assert_eq!(again.items.len(), 1, "the changed order, not skipped");
    assert_eq!(again.items[0].status, OrderStatus::Dispatched);
    assert!(net.finished());
}

fn at_four() -> i64 {
    at_five() - 3_600_000
}

#[test]
fn a_step_from_a_device_whose_clock_is_slow_is_still_stamped_after_the_orders_last_change() {
    let net = Replay::of("json_server", "transition").any_body();
    let profile = JsonServerProfile::new(BASE, at_four);
    block_on(profile.transition(&net, "u-1", "o-1", 1, &cancel())).expect("applied");
    let sent = net.sent.borrow();
    let patch = sent[1].as_ref().expect("a PATCH body");
    // The order last changed at 05:00; the device thinks it is 04:00.
    assert_eq!(patch["updated_at"], "2026-11-23T05:00:00.001Z");
}

/// json-server's answer to `GET /users?phone=`: the matching documents.
fn users_answer(phone: &str, found: &[Value]) -> Replay {
    Replay {
        exchanges: RefCell::new(
            vec![Exchange {
                request: RecordedRequest {
                    method: "GET".into(),
                    path: format!("/users?phone={phone}"),
                    body: None,
                },
                response: RecordedResponse {
                    status: 200,
                    body: serde_json::to_string(found).expect("json"),
                },
            }]
            .into(),
        ),
        check_bodies: true,
        sent: RefCell::default(),
    }
}

#[test]
fn a_volunteer_signs_in_as_one_for_the_rota_and_a_dispatcher_only_as_a_resident() {
    let db: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/../../tests/e2e/json-server/db.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("the demo db.json"),
    )
    .expect("json");
    let volunteer: Vec<Value> = db["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter(|user| user["phone"] == "13800000003")
        .cloned()
        .collect();
    let profile = JsonServerProfile::new(BASE, at_five);
    let net = users_answer("13800000003", &volunteer);
    let (session, _) = block_on(profile.sign_in(&net, "13800000003", "")).expect("signed in");
    assert_eq!(session.roles, ["resident", "volunteer"]);

    let dispatcher = serde_json::json!({
        "id": "u-9", "name": "陈主任", "phone": "13800000009",
        "roles": ["resident", "dispatcher"]
    });
    let net = users_answer("13800000009", &[dispatcher]);
    let (session, _) = block_on(profile.sign_in(&net, "13800000009", "")).expect("signed in");
    assert_eq!(session.roles, ["resident"], "no dispatching on json-server");
}
