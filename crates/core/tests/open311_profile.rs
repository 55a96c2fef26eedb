//! The `open311` profile against answers in GeoReport v2's documented shapes
//! (wiki.open311.org/GeoReport_v2: services, a service definition, POST receipts with an
//! id or a token, tokens, requests, and its `[{"code","description"}]` errors), with a
//! Chinese community's content. The profile must make exactly the recorded requests,
//! form-encoded where GeoReport says so.

mod replay;

use futures::executor::block_on;
use replay::{Replay, AGAIN, BASE, FIRST};
use yizhan_core::lifecycle::Action;
use yizhan_core::model::{
    AttributeValue, FieldType, NewOrder, Order, OrderKind, OrderStatus, TransitionRequest,
};
use yizhan_core::sync::config::AppConfig;
use yizhan_core::sync::profiles::{Open311Profile, Profile};
use yizhan_core::sync::{
    Backend, Doubt, Engine, EntryState, Env, Fetched, MemoryStore, OutboxEntry, Reference,
    ReferenceData, Session, Store, SyncError, Write,
};

fn at_five() -> i64 {
    1_795_410_000_000 // 2026-11-23T05:00:00Z
}

const CONFIG: &str = r#"{
    "profile": "open311",
    "base_url": "http://127.0.0.1:3000/",
    "open311": {
        "api_key": "3c1f2a",
        "jurisdiction_id": "yuhua.tj.gov.cn",
        "wish_service_code": "WISH"
    }
}"#;

fn profile() -> Open311Profile {
    let config = AppConfig::parse(CONFIG).expect("a valid config");
    Open311Profile::new(BASE, config.open311.expect("settings"), at_five)
}

/// The session a resident gets on a backend without accounts.
fn signed_in() -> Session {
    block_on(profile().sign_in(&Replay::empty(), "13800000001", ""))
        .expect("no request needed")
        .0
}

fn stairwell_light() -> NewOrder {
    NewOrder {
        kind: OrderKind::Service,
        service_id: Some("LIGHT".into()),
        title: "楼道灯坏了".into(),
        description: "三楼到四楼之间".into(),
        address: Some("育华里3号楼2单元".into()),
        contact_phone: None,
        preferred_time: None,
        attributes: [
            ("FLOOR".to_string(), AttributeValue::Number(3.0)),
            (
                "KIND".to_string(),
                AttributeValue::Choices(vec!["off".into()]),
            ),
        ]
        .into(),
        on_behalf_of: None,
        channel: None,
    }
}

#[test]
fn the_catalogue_is_the_citys_services_with_their_attributes_as_questions() {
    let net = Replay::of("open311", "catalogue");
    let session = signed_in();
    let fetched = block_on(profile().reference(&net, &session.token, Reference::Services, None));
    let Ok(Fetched::Fresh {
        data: ReferenceData::Services(services),
        etag,
    }) = fetched
    else {
        panic!("no catalogue: {fetched:?}");
    };
    assert_eq!(
        net.exchanges.borrow().len(),
        1,
        "the definition read only where metadata says so"
    );
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["楼道灯维修", "大件垃圾清运"],
        "the wish channel is not a service"
    );
    let light = &services[0];
    assert_eq!(
        (light.id.as_str(), light.category.as_str()),
        ("LIGHT", "设施维修")
    );
    // The notice that asks nothing is told, not asked; the questions keep GeoReport's order.
    assert!(
        light.description.ends_with("夜间报修次日上午处理。"),
        "{}",
        light.description
    );
    let questions: Vec<(&str, FieldType, bool)> = light
        .fields
        .iter()
        .map(|f| (f.label.as_str(), f.datatype, f.required))
        .collect();
    assert_eq!(
        questions,
        [
            ("灯的情况", FieldType::Single, true),
            ("哪一层", FieldType::Number, true)
        ]
    );
    let choices: Vec<&str> = light.fields[0]
        .options
        .iter()
        .map(|o| o.label.as_str())
        .collect();
    assert_eq!(choices, ["完全不亮", "一闪一闪"]);

    // The same list again: the definitions are not read again.
    let again =
        block_on(profile().reference(&net, &session.token, Reference::Services, etag.as_deref()));
    assert_eq!(again, Ok(Fetched::NotModified));
    assert!(net.finished());
}

#[test]
fn an_order_is_posted_as_a_form_with_the_key_and_keeps_the_devices_id() {
    let net = Replay::of("open311", "create");
    let session = signed_in();
    let filed =
        block_on(profile().create_order(&net, &session.token, "o-1", &stairwell_light(), FIRST))
            .expect("filed");
    assert!(
        net.finished(),
        "posted at once: a first send has nothing to look for"
    );
    assert_eq!(
        (filed.id.as_str(), filed.status),
        ("o-1", OrderStatus::Submitted)
    );
    assert_eq!(filed.owner_id, session.user_id);
    assert_eq!(
        filed.title, "楼道灯坏了",
        "the resident's words, not the form's"
    );
    assert_eq!(
        filed.timeline[0].note.as_deref(),
        Some("预计 48 小时内处理"),
        "the city's notice is shown"
    );
}

#[test]
fn a_resend_after_a_lost_answer_finds_the_first_request_and_posts_nothing() {
    let net = Replay::of("open311", "resend");
    let session = signed_in();
    let found =
        block_on(profile().create_order(&net, &session.token, "o-1", &stairwell_light(), AGAIN))
            .expect("recognised");
    assert!(net.finished(), "no second POST");
    assert_eq!(found.id, "o-1");
    // Its progress is read from request 293944 (not 293940, another resident's o-0).
    let progress = Replay::of("open311", "progress").skip(1);
    let moved =
        block_on(profile().refresh_held(&progress, &session.token, &[found])).expect("read");
    assert_eq!(moved[0].status, OrderStatus::Accepted);
}

#[test]
fn a_token_is_resolved_later_and_the_citys_progress_becomes_the_timeline() {
    let net = Replay::of("open311", "token_then_id");
    let session = signed_in();
    let profile = profile();
    let taken =
        block_on(profile.create_order(&net, &session.token, "o-1", &stairwell_light(), FIRST))
            .expect("taken with a token");
    assert_eq!(taken.status, OrderStatus::Submitted);
    let moved = block_on(profile.refresh_held(&net, &session.token, std::slice::from_ref(&taken)))
        .expect("read");
    assert!(net.finished());
    let [now] = moved.as_slice() else {
        panic!("one order: {moved:?}")
    };
    assert_eq!(now.id, "o-1");
    assert_eq!(now.status, OrderStatus::Accepted);
    assert!(now.version > taken.version, "newer, so the device takes it");
    assert_eq!(
        now.assignee.as_ref().map(|a| a.name.as_str()),
        Some("和平区市政维修队")
    );
    let last = now.timeline.last().expect("an entry");
    assert_eq!(last.note.as_deref(), Some("已派维修班组"));
    assert_eq!(last.at, "2026-11-23T06:30:00.000Z");
}

#[test]
fn each_new_status_note_is_one_timeline_entry_and_closed_is_completed() {
    let net = Replay::of("open311", "progress");
    let session = signed_in();
    let profile = profile();
    let mut order = block_on(profile.create_order(
        &Replay::of("open311", "create"),
        &session.token,
        "o-1",
        &stairwell_light(),
        FIRST,
    ))
    .expect("filed");
    let refresh = |order: &Order| {
        block_on(profile.refresh_held(&net, &session.token, std::slice::from_ref(order)))
            .expect("read")
    };
    assert!(refresh(&order).is_empty(), "nothing moved yet");
    order = refresh(&order).remove(0);
    assert_eq!(order.status, OrderStatus::Accepted);
    assert!(
        refresh(&order).is_empty(),
        "the same note is not added twice"
    );
    order = refresh(&order).remove(0);
    assert_eq!(order.status, OrderStatus::Completed);
    let notes: Vec<Option<&str>> = order.timeline.iter().map(|e| e.note.as_deref()).collect();
    assert_eq!(
        notes,
        [
            Some("预计 48 小时内处理"),
            Some("师傅下午两点上门"),
            Some("已更换灯泡")
        ]
    );
    assert!(net.finished());
    // Finished: not asked about again.
    assert!(
        block_on(profile.refresh_held(&Replay::empty(), &session.token, &[order]))
            .expect("nothing to ask")
            .is_empty()
    );
}

#[test]
fn errors_read_in_the_servers_words_and_an_outage_is_retried() {
    let net = Replay::of("open311", "errors");
    let session = signed_in();
    let profile = profile();
    let send = |attempt| {
        block_on(profile.create_order(&net, &session.token, "o-1", &stairwell_light(), attempt))
    };
    match send(FIRST) {
        Err(SyncError::Rejected {
            status: 400,
            message,
            ..
        }) => assert_eq!(message, "address_string or lat/long required"),
        other => panic!("not refused: {other:?}"),
    }
    match send(FIRST) {
        Err(SyncError::Rejected {
            status: 403,
            message,
            ..
        }) => assert_eq!(message, "Invalid api_key"),
        other => panic!("not refused: {other:?}"),
    }
    assert!(matches!(
        send(FIRST),
        Err(SyncError::Retry { status: 503, .. })
    ));
    // After a 503 the city may have the order. A server that will not search cannot say,
    // so the order waits for the resident to check rather than go twice.
    match send(AGAIN) {
        Err(SyncError::Unsure(doubt)) => assert_eq!(doubt, Doubt::UnverifiableResend),
        other => panic!("sent again unchecked: {other:?}"),
    }
    assert!(net.finished());
}

#[test]
fn a_filing_whose_receipt_cannot_be_read_is_kept_and_found_later_by_its_number() {
    let net = Replay::of("open311", "lost_receipt");
    let session = signed_in();
    let profile = profile();
    let filed =
        block_on(profile.create_order(&net, &session.token, "o-1", &stairwell_light(), FIRST))
            .expect("acknowledged: the city took it");
    let found = block_on(profile.refresh_held(&net, &session.token, &[filed])).expect("read");
    assert!(
        net.finished(),
        "found among the service's requests (not o-0's), then read by id"
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].timeline.last().and_then(|e| e.note.as_deref()),
        Some("已登记")
    );
}

/// An order this device filed, known to the server under `reference`
/// (`open311:request:<id>` or `open311:token:<t>`), as the store keeps it.
fn held(id: &str, reference: &str) -> Order {
    let mut order = block_on(profile().create_order(
        &Replay::of("open311", "create").any_body(),
        &signed_in().token,
        id,
        &stairwell_light(),
        FIRST,
    ))
    .expect("filed");
    order.timeline[0].id = reference.into();
    order
}

#[test]
fn a_token_the_server_forgot_does_not_hold_up_the_other_orders() {
    let net = Replay::of("open311", "token_expired");
    let session = signed_in();
    let waiting = held("o-9", "open311:token:t-9");
    let filed = held("o-1", "open311:request:293944");
    let moved = block_on(profile().refresh_held(&net, &session.token, &[waiting, filed]))
        .expect("the pull goes on");
    assert!(net.finished());
    let ids: Vec<&str> = moved.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["o-1"]);
    assert_eq!(moved[0].status, OrderStatus::Accepted);
}

#[test]
fn a_new_agency_is_the_new_handler_and_a_cleared_one_does_not_unaccept() {
    let net = Replay::of("open311", "handover");
    let session = signed_in();
    let profile = profile();
    let mut order = held("o-1", "open311:request:293944");
    let handler = |order: &Order| order.assignee.as_ref().map(|a| a.name.clone());
    for expected in ["和平区市政维修队", "育华里物业"] {
        order = block_on(profile.refresh_held(&net, &session.token, std::slice::from_ref(&order)))
            .expect("read")
            .remove(0);
        assert_eq!(handler(&order).as_deref(), Some(expected));
    }
    let cleared =
        block_on(profile.refresh_held(&net, &session.token, std::slice::from_ref(&order)))
            .expect("read");
    assert!(
        cleared.is_empty(),
        "still accepted, still with 育华里物业: {cleared:?}"
    );
    assert_eq!(order.status, OrderStatus::Accepted);
    assert!(net.finished());
}

#[test]
fn what_georeport_cannot_do_is_refused_or_not_offered() {
    let session = signed_in();
    let nothing = Replay::empty();
    let profile = profile();
    let cancel = TransitionRequest {
        id: "t-1".into(),
        action: Action::Cancel,
        note: None,
        assignee_id: None,
        rating: None,
    };
    assert!(matches!(
        block_on(profile.transition(&nothing, &session.token, "o-1", 1, &cancel)),
        Err(SyncError::Rejected { status: 422, .. })
    ));
    for kind in [Reference::Community, Reference::Grids, Reference::Shifts] {
        assert_eq!(
            block_on(profile.reference(&nothing, &session.token, kind, None)),
            Ok(Fetched::NotOffered)
        );
    }
    let as_app = Profile::from_config(&AppConfig::parse(CONFIG).expect("valid"), at_five);
    let abilities = as_app.abilities();
    assert!(!abilities.takes_steps && abilities.takes_wishes && !abilities.needs_code);
    assert!(abilities.offers(Reference::Services) && !abilities.offers(Reference::Grids));
}

#[test]
fn a_companion_backend_fills_in_grids_and_shifts_and_signs_in() {
    let config = AppConfig::parse(
        r#"{"profile":"open311","base_url":"https://311.example.gov/v2",
            "open311":{"api_key":"k","companion":{"profile":"json-server","base_url":"http://127.0.0.1:3000"}}}"#,
    )
    .expect("valid");
    let with_companion = Profile::from_config(&config, at_five);
    let abilities = with_companion.abilities();
    assert!(abilities.offers(Reference::Grids) && abilities.offers(Reference::Shifts));
    assert!(!abilities.offers(Reference::Volunteers));
    assert!(!abilities.takes_wishes, "no wish service configured");
    // Signing in is the companion's: the phone finds the user there.
    let net = Replay::of("open311", "companion_sign_in");
    let (session, _) = block_on(with_companion.sign_in(&net, "13800000001", "")).expect("in");
    assert_eq!(session.user_id, "u-1");
}

#[test]
fn config_errors_name_the_key() {
    let wrong = |text: &str| AppConfig::parse(text).expect_err("refused").to_string();
    assert!(wrong(r#"{"profile":"open311","base_url":"x"}"#).contains("open311"));
    assert!(
        wrong(r#"{"profile":"open311","base_url":"x","open311":{"api_key":" "}}"#)
            .contains("open311.api_key")
    );
    assert!(wrong(
        r#"{"profile":"open311","base_url":"x","open311":{"api_key":"k","location":{"lat":139,"long":1}}}"#
    )
    .contains("open311.location.lat"));
    assert!(wrong(
        r#"{"profile":"open311","base_url":"x","open311":{"api_key":"k","companion":{"profile":"open311","base_url":"y"}}}"#
    )
    .contains("open311.companion.profile"));
    assert!(wrong(
        r#"{"profile":"open311","base_url":"x","open311":{"api_key":"k","apikey":"k"}}"#
    )
    .contains("apikey"));
}

struct Clock;

impl Env for Clock {
    fn now_ms(&self) -> i64 {
        at_five()
    }
    fn random_unit(&self) -> f64 {
        0.5
    }
    fn new_id(&self) -> String {
        "t-1".into()
    }
}

#[test]
fn the_engine_files_the_order_then_reads_it_back_since_georeport_lists_no_changes() {
    let session = signed_in();
    let net = Replay::of("open311", "engine_sync");
    let engine = block_on(async {
        let mut engine = Engine::open(MemoryStore::default(), profile(), &net, Clock)
            .await
            .expect("open");
        engine.set_session(Some(&session)).await.expect("signed in");
        engine
            .submit_order("o-1".into(), stairwell_light())
            .await
            .expect("queued");
        let report = engine.sync().await.expect("synced");
        assert_eq!((report.sent, report.pulled), (1, 1), "{report:?}");
        assert_eq!(report.interrupted_by, None);
        engine
    });
    assert!(
        net.finished(),
        "filed, read back by id, catalogue read; nothing else asked"
    );
    let snapshot = engine.snapshot();
    assert!(snapshot.outbox.is_empty());
    let held = &snapshot.orders["o-1"];
    assert!(held.acknowledged);
    assert_eq!(held.order.status, OrderStatus::Accepted);
    assert_eq!(
        held.order.timeline.last().and_then(|e| e.note.as_deref()),
        Some("师傅下午两点上门")
    );
    assert!(snapshot.references.contains_key(&Reference::Services));
    assert!(!snapshot.references.contains_key(&Reference::Grids));
}

#[test]
fn an_order_the_app_stopped_sending_halfway_is_looked_for_before_it_goes_again() {
    let session = signed_in();
    let store = MemoryStore::default();
    // The app was closed while the order was in flight: it may have reached the city.
    block_on(async {
        let idle = Replay::empty();
        let mut engine = Engine::open(store.clone(), profile(), &idle, Clock)
            .await
            .expect("open");
        engine.set_session(Some(&session)).await.expect("signed in");
        engine
            .submit_order("o-1".into(), stairwell_light())
            .await
            .expect("queued");
        let entries: Vec<OutboxEntry> = engine.snapshot().outbox.values().cloned().collect();
        let in_flight = entries
            .into_iter()
            .map(|entry| {
                Write::PutEntry(OutboxEntry {
                    state: EntryState::InFlight,
                    ..entry
                })
            })
            .collect();
        store.commit(in_flight).await.expect("written");
    });
    let net = Replay::of("open311", "engine_after_crash");
    block_on(async {
        let mut engine = Engine::open(store.clone(), profile(), &net, Clock)
            .await
            .expect("reopened");
        let report = engine.sync().await.expect("synced");
        assert_eq!(report.interrupted_by, None);
        assert!(engine.snapshot().orders["o-1"].acknowledged);
    });
    assert!(
        net.finished(),
        "found by its number among the service's requests: no POST"
    );
}
