//! The sync engine against a simulated server and network (design.md, "Tests, in
//! layers"): random schedules of lost requests, lost answers after the server committed,
//! delays that reorder, duplicates, 5xx with Retry-After, 401 in the middle of the queue,
//! 412 from staff acting first, 422 for a retired service, and crashes of the app between
//! any two commits with a restart from storage.
//!
//! The invariant: every order the resident submitted exists on the server exactly once
//! with the content submitted; no step was applied twice; nothing is parked without a
//! reason; and once the network heals the outbox drains and the device agrees with the
//! server. `PROPTEST_CASES` sets how many schedules run (CI: 2000).

mod sim;

use std::cell::RefCell;
use std::rc::Rc;

use futures::executor::block_on;
use proptest::prelude::*;
use sim::disk::SimDisk;
use sim::env::SimEnv;
use sim::net::{Fault, SimNet};
use sim::server::{SimServer, ACTIVE_SERVICE, BASE, FLOOR_SERVICE, RESIDENT, RETIRED_SERVICE};
use yizhan_core::lifecycle::{Action, Step as OrderStep};
use yizhan_core::model::{AttributeValue, NewOrder, OrderKind, OrderStatus};
use yizhan_core::sync::engine::REFERENCE_FRESH_MS;
use yizhan_core::sync::profiles::YizhanProfile;
use yizhan_core::sync::{
    Actor, Engine, EntryState, HeldWork, MetaKey, Operation, OutboxEntry, ParkReason, Reference,
    ReferenceData, Session, Snapshot, StoreError, SubmitError,
};
use yizhan_core::validation::FieldProblem;

#[derive(Clone, Debug)]
enum Step {
    Submit { service: Option<bool> },
    Cancel { pick: usize },
    StaffMoves { pick: usize, reject: bool },
    SignUp { shift: u8, take: bool },
    Faults(Vec<Fault>),
    Sync,
    Wait { seconds: i64 },
    Crash { after: u32 },
    ExpireSession,
    SignInAgain,
    DeliverDelayed,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        Just(Fault::DropRequest),
        Just(Fault::DropResponse),
        Just(Fault::Duplicate),
        Just(Fault::Delay),
        (1u64..400).prop_map(|retry_after| Fault::Unavailable { retry_after }),
        Just(Fault::Failing),
        Just(Fault::Offline),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop_oneof![Just(None), Just(Some(true)), Just(Some(false))]
            .prop_map(|service| Step::Submit { service }),
        2 => any::<usize>().prop_map(|pick| Step::Cancel { pick }),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(pick, reject)| Step::StaffMoves { pick, reject }),
        1 => (0u8..3, any::<bool>()).prop_map(|(shift, take)| Step::SignUp { shift, take }),
        3 => prop::collection::vec(fault(), 1..5).prop_map(Step::Faults),
        4 => Just(Step::Sync),
        2 => (1i64..600).prop_map(|seconds| Step::Wait { seconds }),
        2 => (1u32..6).prop_map(|after| Step::Crash { after }),
        1 => Just(Step::ExpireSession),
        1 => Just(Step::SignInAgain),
        1 => Just(Step::DeliverDelayed),
    ]
}

type DeviceEngine<'a> = Engine<SimDisk, YizhanProfile, SimNet, &'a SimEnv>;

struct World {
    env: SimEnv,
    disk: SimDisk,
    server: Rc<RefCell<SimServer>>,
    net: SimNet,
    /// What the resident submitted and saw accepted by the device: (id, order, retired).
    submitted: RefCell<Vec<(String, NewOrder, bool)>>,
    /// The ids of the steps the resident asked for and the device accepted.
    requested_steps: RefCell<Vec<String>>,
    tokens: std::cell::Cell<u32>,
}

impl World {
    fn new(seed: u64) -> World {
        let server = Rc::new(RefCell::new(SimServer::default()));
        World {
            env: SimEnv::new(seed),
            disk: SimDisk::default(),
            net: SimNet::new(server.clone()),
            server,
            submitted: RefCell::default(),
            requested_steps: RefCell::default(),
            tokens: Default::default(),
        }
    }

    /// The app starting (again): it opens what the disk holds.
    async fn start(&self) -> DeviceEngine<'_> {
        loop {
            self.disk.restart();
            match Engine::open(
                self.disk.clone(),
                YizhanProfile::new(BASE),
                self.net.clone(),
                &self.env,
            )
            .await
            {
                Ok(engine) => return engine,
                Err(StoreError::Unavailable(_)) => continue,
                Err(other) => panic!("the store failed for real: {other}"),
            }
        }
    }

    fn new_session(&self) -> Session {
        self.tokens.set(self.tokens.get() + 1);
        let token = format!("token-{}", self.tokens.get());
        self.server.borrow_mut().valid_tokens.insert(token.clone());
        Session {
            token,
            user_id: RESIDENT.into(),
            name: "李万章".into(),
            roles: vec!["resident".into(), "volunteer".into()],
            grid_id: None,
            refresh_token: None,
        }
    }
}

fn new_order(n: usize, service: Option<bool>) -> NewOrder {
    let (kind, service_id) = match service {
        None => (OrderKind::Wish, None),
        Some(true) => (OrderKind::Service, Some(ACTIVE_SERVICE.to_string())),
        Some(false) => (OrderKind::Service, Some(RETIRED_SERVICE.to_string())),
    };
    NewOrder {
        kind,
        service_id,
        title: format!("心愿 {n}：楼道灯不亮"),
        description: "三楼到四楼之间，晚上看不见台阶。".into(),
        address: Some("育华里 3 号楼".into()),
        contact_phone: Some("13800000001".into()),
        preferred_time: None,
        attributes: Default::default(),
        on_behalf_of: None,
        channel: None,
    }
}

/// Runs one schedule, heals the world, and checks the invariant.
fn run(seed: u64, steps: Vec<Step>) -> Result<(), TestCaseError> {
    block_on(async move {
        let world = World::new(seed);
        let first = world.new_session();
        let mut engine = world.start().await;
        engine
            .set_session(Some(&first))
            .await
            .expect("first sign-in");
        let mut session = first;
        // What the screens keep: a copy brought up to date by what changed, never copied
        // whole after the first time; it must always equal the engine's own.
        let mut screen = Snapshot::default();

        for step in steps {
            // A crash anywhere in the step: the app restarts from the disk.
            let survived: Result<(), StoreError> = match step {
                Step::Submit { service } => {
                    let id = (&world.env).new_id_for_order();
                    let order = new_order(world.submitted.borrow().len(), service);
                    match engine.submit_order(id.clone(), order.clone()).await {
                        Ok(()) => {
                            world
                                .submitted
                                .borrow_mut()
                                .push((id, order, service == Some(false)));
                            Ok(())
                        }
                        Err(SubmitError::Store(error)) => Err(error),
                        Err(other) => panic!("a valid order was refused: {other}"),
                    }
                }
                Step::Cancel { pick } => {
                    let ids: Vec<String> = engine.snapshot().orders.keys().cloned().collect();
                    if ids.is_empty() {
                        Ok(())
                    } else {
                        let id = &ids[pick % ids.len()];
                        match engine
                            .request_transition(
                                id,
                                OrderStep::new(Action::Cancel).noting("不需要了"),
                            )
                            .await
                        {
                            Ok(step_id) => {
                                world.requested_steps.borrow_mut().push(step_id);
                                Ok(())
                            }
                            Err(SubmitError::Store(error)) => Err(error),
                            Err(other) => panic!("cancel refused: {other}"),
                        }
                    }
                }
                Step::StaffMoves { pick, reject } => {
                    let ids: Vec<String> = world.server.borrow().orders.keys().cloned().collect();
                    if !ids.is_empty() {
                        let action = if reject {
                            Action::Reject
                        } else {
                            Action::Dispatch
                        };
                        world
                            .server
                            .borrow_mut()
                            .staff_moves(&ids[pick % ids.len()], action);
                    }
                    Ok(())
                }
                Step::SignUp { shift, take } => {
                    match engine
                        .request_shift_signup(&format!("sh-{shift}"), take)
                        .await
                    {
                        Ok(()) => Ok(()),
                        Err(SubmitError::Store(error)) => Err(error),
                        Err(other) => panic!("sign-up refused: {other}"),
                    }
                }
                Step::Faults(faults) => {
                    world.net.schedule(&faults);
                    Ok(())
                }
                Step::Sync => engine.sync().await.map(|_| ()),
                Step::Wait { seconds } => {
                    world.env.advance(seconds * 1000);
                    Ok(())
                }
                Step::Crash { after } => {
                    world.disk.crash_after(after);
                    Ok(())
                }
                Step::ExpireSession => {
                    world.server.borrow_mut().valid_tokens.clear();
                    Ok(())
                }
                Step::SignInAgain => {
                    session = world.new_session();
                    engine.set_session(Some(&session)).await
                }
                Step::DeliverDelayed => {
                    world.net.deliver_delayed();
                    Ok(())
                }
            };
            if survived.is_err() {
                prop_assert!(
                    world.disk.has_crashed(),
                    "only the simulated crash fails the store"
                );
                drop(engine);
                engine = world.start().await;
            }
            let changes = engine.take_changes();
            screen.catch_up(engine.snapshot(), &changes);
            prop_assert_eq!(&screen, engine.snapshot(), "the screens' copy fell behind");
        }

        // The network heals, late packets land, the resident signs in again if needed.
        world.net.heal();
        world.net.deliver_delayed();
        drop(engine);
        let mut engine = world.start().await;
        if !world.server.borrow().valid_tokens.contains(&session.token) {
            session = world.new_session();
        }
        engine.set_session(Some(&session)).await.expect("sign in");
        for _ in 0..40 {
            world.env.advance(10 * 60 * 1000);
            let report = engine.sync().await.expect("no crash now");
            prop_assert!(
                report.interrupted_by.is_none(),
                "healed: {:?}",
                report.interrupted_by
            );
            if engine.summary().waiting == 0 {
                break;
            }
        }
        engine.sync().await.expect("a last pull");

        check(&world, &engine)
    })
}

fn check(world: &World, engine: &DeviceEngine<'_>) -> Result<(), TestCaseError> {
    let server = world.server.borrow();
    let device = engine.snapshot();
    let summary = engine.summary();
    prop_assert_eq!(summary.waiting, 0, "the outbox drains: {:?}", device.outbox);

    for (id, submitted, retired) in world.submitted.borrow().iter() {
        if *retired {
            prop_assert!(
                !server.orders.contains_key(id),
                "a refused order is not created"
            );
            let parked = device.outbox.values().find(|e| {
                matches!(&e.operation, Operation::CreateOrder { order_id, .. } if order_id == id)
            });
            let Some(parked) = parked else {
                return Err(TestCaseError::fail(format!("refused order {id} vanished")));
            };
            let EntryState::Parked(ParkReason::Refused { kind, fields, .. }) = &parked.state else {
                return Err(TestCaseError::fail(format!(
                    "{id} not parked as refused: {parked:?}"
                )));
            };
            prop_assert_eq!(kind.as_str(), "validation");
            prop_assert!(
                fields.contains_key("service_id"),
                "the reason names the field"
            );
        } else {
            prop_assert_eq!(
                server.creations.get(id).copied(),
                Some(1),
                "{} created once",
                id
            );
            let stored = &server.orders[id];
            prop_assert_eq!(&stored.request, submitted, "with the content submitted");
            let local = &device.orders[id];
            prop_assert!(local.acknowledged, "shown as sent");
            prop_assert_eq!(local.order.version, stored.order.version, "device agrees");
            prop_assert_eq!(local.order.status, stored.order.status);
        }
    }
    prop_assert_eq!(
        server.orders.len(),
        world
            .submitted
            .borrow()
            .iter()
            .filter(|(_, _, retired)| !retired)
            .count(),
        "no order the resident did not submit"
    );
    for (transition, times) in &server.applied_transitions {
        prop_assert_eq!(*times, 1, "transition {} applied once", transition);
    }
    // Each step the resident asked for was either applied once, or is parked: never both,
    // never neither.
    for step_id in world.requested_steps.borrow().iter() {
        let applied = server
            .applied_transitions
            .get(step_id)
            .copied()
            .unwrap_or(0);
        let parked = device.outbox.values().any(|entry| {
            matches!(&entry.operation, Operation::Transition { request, .. } if &request.id == step_id)
        });
        prop_assert!(
            (applied == 1) != parked,
            "step {} applied {} times, parked: {}",
            step_id,
            applied,
            parked
        );
    }
    for entry in device.outbox.values() {
        let EntryState::Parked(reason) = &entry.state else {
            return Err(TestCaseError::fail(format!("left unparked: {entry:?}")));
        };
        let explained = match (&entry.operation, reason) {
            (Operation::CreateOrder { .. }, ParkReason::Refused { .. }) => true,
            (Operation::Transition { .. }, ParkReason::Overtaken { .. }) => true,
            (Operation::Transition { .. }, ParkReason::Blocked { by }) => device
                .outbox
                .get(by)
                .is_some_and(|blocker| blocker.is_parked()),
            (Operation::Transition { .. }, ParkReason::Refused { kind, .. }) => {
                kind == "invalid_transition"
            }
            _ => false,
        };
        prop_assert!(explained, "parked without a fitting reason: {:?}", entry);
    }
    Ok(())
}

/// Order ids, made by the simulated environment like the app's UUIDs.
trait OrderIds {
    fn new_id_for_order(&self) -> String;
}

impl OrderIds for &SimEnv {
    fn new_id_for_order(&self) -> String {
        yizhan_core::sync::Env::new_id(self)
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Shrinking a failing schedule to its few decisive steps is what makes it readable.
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_submitted_order_reaches_the_server_exactly_once(
        seed in any::<u64>(),
        steps in prop::collection::vec(step(), 1..60),
    ) {
        run(seed, steps)?;
    }
}

#[test]
fn an_order_survives_a_long_outage_a_crash_and_an_expired_sign_in() {
    let steps = vec![
        Step::Submit { service: None },
        Step::Faults(vec![Fault::Offline, Fault::DropResponse, Fault::Failing]),
        Step::Sync,
        Step::Wait { seconds: 600 },
        Step::Sync,
        Step::Crash { after: 1 },
        Step::Sync,
        Step::Wait { seconds: 600 },
        Step::Sync,
        Step::ExpireSession,
        Step::Submit {
            service: Some(true),
        },
        Step::Sync,
    ];
    if let Err(failure) = run(7, steps) {
        panic!("{failure}");
    }
}

#[test]
fn a_step_someone_else_overtook_waits_to_be_read_and_letting_it_go_weighs_what_followed() {
    block_on(async {
        let world = World::new(11);
        let session = world.new_session();
        let mut engine = world.start().await;
        engine.set_session(Some(&session)).await.expect("sign-in");
        let id = (&world.env).new_id_for_order();
        engine
            .submit_order(id.clone(), new_order(0, None))
            .await
            .expect("queued");
        engine.sync().await.expect("the disk works");
        let cancel = engine
            .request_transition(&id, OrderStep::new(Action::Cancel).noting("不需要了"))
            .await
            .expect("queued");
        let follower = engine
            .request_transition(&id, OrderStep::new(Action::Reopen).noting("还是需要"))
            .await
            .expect("queued");
        // Meanwhile the community turned the order down.
        assert!(world.server.borrow_mut().staff_moves(&id, Action::Reject));
        engine.sync().await.expect("the disk works");

        let state_of = |snapshot: &yizhan_core::sync::Snapshot, step: &str| {
            snapshot
                .outbox
                .values()
                .find_map(|entry| match &entry.operation {
                    Operation::Transition { request, .. } if request.id == step => {
                        Some((entry.seq, entry.state.clone()))
                    }
                    _ => None,
                })
        };
        let snapshot = engine.snapshot().clone();
        assert_eq!(
            snapshot.orders[&id].order.status,
            OrderStatus::Rejected,
            "the device shows how the order stands now"
        );
        let (cancel_seq, cancel_state) = state_of(&snapshot, &cancel).expect("kept until read");
        assert_eq!(
            cancel_state,
            EntryState::Parked(ParkReason::Overtaken {
                status: OrderStatus::Rejected,
                by: Some(Actor::Dispatcher),
            })
        );
        assert_eq!(
            state_of(&snapshot, &follower).map(|(_, state)| state),
            Some(EntryState::Parked(ParkReason::Blocked { by: cancel_seq }))
        );

        engine.dismiss(cancel_seq).await.expect("the disk works");
        let snapshot = engine.snapshot().clone();
        assert_eq!(state_of(&snapshot, &cancel), None);
        // Reopening applies to a completed order, not a rejected one: it is not sent
        // blindly, it says why it waits.
        assert_eq!(
            state_of(&snapshot, &follower).map(|(_, state)| state),
            Some(EntryState::Parked(ParkReason::Overtaken {
                status: OrderStatus::Rejected,
                by: Some(Actor::Dispatcher),
            }))
        );
        assert_eq!(
            snapshot.orders[&id].order.status,
            OrderStatus::Rejected,
            "letting go of a step never touches the order"
        );
    });
}

#[test]
fn someone_else_signing_in_on_the_phone_starts_clean_and_the_same_person_keeps_their_queue() {
    block_on(async {
        let world = World::new(12);
        let first = world.new_session();
        let mut engine = world.start().await;
        engine.set_session(Some(&first)).await.expect("sign-in");
        let sent = (&world.env).new_id_for_order();
        engine
            .submit_order(sent.clone(), new_order(0, None))
            .await
            .expect("queued");
        engine.sync().await.expect("the disk works");
        let unsent = (&world.env).new_id_for_order();
        engine
            .submit_order(unsent.clone(), new_order(1, None))
            .await
            .expect("queued");

        // The token expires and the same person signs in again: their queue is intact.
        let again = world.new_session();
        engine.set_session(Some(&again)).await.expect("sign-in");
        assert_eq!(engine.snapshot().orders.len(), 2);
        assert_eq!(engine.snapshot().outbox.len(), 1);

        // They sign out; a neighbour signs in on the same phone.
        engine.set_session(None).await.expect("sign-out");
        let neighbour = Session {
            user_id: "u-neighbour".into(),
            name: "曹菊兰".into(),
            ..world.new_session()
        };
        engine.set_session(Some(&neighbour)).await.expect("sign-in");
        let snapshot = engine.snapshot();
        assert!(snapshot.orders.is_empty(), "no one else's orders");
        assert!(
            snapshot.outbox.is_empty(),
            "nothing sent under the neighbour's name"
        );
        assert!(snapshot.references.is_empty());
        assert_eq!(snapshot.meta.get(&MetaKey::OrdersCursor), None);
        // After a restart the device still knows whose data it holds.
        // Nothing of the first person's goes out under the neighbour's name.
        engine.sync().await.expect("the disk works");
        drop(engine);
        let engine = world.start().await;
        assert_eq!(
            engine
                .snapshot()
                .meta
                .get(&MetaKey::Owner)
                .map(String::as_str),
            Some("u-neighbour")
        );
        assert_eq!(world.server.borrow().orders.len(), 1, "only what was sent");

        // Issue 13, 16: the first person comes back to their phone. What they had not
        // sent was set aside for them, not lost: it is theirs again, and goes out.
        let mut engine = engine;
        assert_eq!(
            HeldWork::of(engine.snapshot()).waiting(),
            1,
            "one unsent order waits for its owner"
        );
        engine.set_session(None).await.expect("sign-out");
        let back = world.new_session();
        engine.set_session(Some(&back)).await.expect("sign-in");
        assert!(engine.snapshot().orders.contains_key(&unsent));
        assert_eq!(engine.snapshot().outbox.len(), 1);
        assert_eq!(HeldWork::of(engine.snapshot()).waiting(), 0);
        engine.sync().await.expect("the disk works");
        assert_eq!(
            world.server.borrow().orders.len(),
            2,
            "the order set aside went out, once, under its owner's name"
        );
    });
}

/// Issue 13, 20 and 21: on a flaky network one failed request does not end the pass (the
/// catalogue still arrives right after signing in), and a request that goes through
/// wakes what was waiting out a backoff for the network, never before a server's
/// Retry-After.
/// The requests one pass sends, `advance_ms` after the last, as asked for or not.
async fn asked_in_a_pass(
    world: &World,
    engine: &mut DeviceEngine<'_>,
    advance_ms: i64,
    expedite: bool,
) -> Vec<String> {
    world.net.asked.borrow_mut().clear();
    world.env.advance(advance_ms);
    if expedite {
        engine.expedite().await.expect("the disk works");
    }
    engine.sync().await.expect("the disk works");
    world.net.asked.borrow().clone()
}

/// Issue 16: a phone that syncs every minute and finds nothing new asks only for its
/// orders while the reference data it holds is fresh; the rest is read again once it is
/// not, or at once when the person asks for a sync.
#[test]
fn a_sync_that_finds_nothing_new_asks_only_for_orders_while_reference_data_is_fresh() {
    block_on(async {
        let world = World::new(22);
        let session = world.new_session();
        let mut engine = world.start().await;
        engine.set_session(Some(&session)).await.expect("sign-in");
        engine.sync().await.expect("the disk works");
        let everything = world.net.asked.borrow().len();
        assert!(
            everything >= 6,
            "orders and every reference list: {everything}"
        );

        let asked = asked_in_a_pass(&world, &mut engine, 60_000, false).await;
        assert_eq!(asked.len(), 1, "{asked:?}");
        assert!(
            asked[0].starts_with("GET ") && asked[0].contains("/orders"),
            "{asked:?}"
        );

        let stale = asked_in_a_pass(&world, &mut engine, REFERENCE_FRESH_MS, false).await;
        assert_eq!(stale.len(), everything, "stale: read again {stale:?}");

        let asked_for = asked_in_a_pass(&world, &mut engine, 60_000, true).await;
        assert_eq!(asked_for.len(), everything, "sync now reads everything");
    })
}

/// A sign-up's answer patches the rota the device holds, so the list no longer is the one
/// its ETag names. Withdrawn meanwhile on another phone, the server's list is back where it
/// was, under its old tag: asked with that tag, it would answer 304 and the phone would
/// show a shift its volunteer no longer has.
#[test]
fn a_list_patched_by_an_answer_is_read_whole_again_not_revalidated_with_its_old_tag() {
    block_on(async {
        let world = World::new(23);
        let session = world.new_session();
        let mut engine = world.start().await;
        engine.set_session(Some(&session)).await.expect("sign-in");
        engine.sync().await.expect("the disk works");
        let mine = |engine: &DeviceEngine<'_>| match engine
            .snapshot()
            .references
            .get(&Reference::Shifts)
            .map(|cached| &cached.data)
        {
            Some(ReferenceData::Shifts(shifts)) => shifts
                .iter()
                .filter(|shift| shift.me)
                .map(|shift| shift.id.clone())
                .collect::<Vec<_>>(),
            other => panic!("the rota is held: {other:?}"),
        };
        assert!(mine(&engine).is_empty());

        engine
            .request_shift_signup("sh-1", true)
            .await
            .expect("queued");
        engine.sync().await.expect("the disk works");
        assert_eq!(mine(&engine), ["sh-1"], "the answer shows at once");

        // The same volunteer gives it back on another phone.
        world.server.borrow_mut().signups.remove("sh-1");
        world.env.advance(60_000);
        engine.expedite().await.expect("the disk works");
        engine.sync().await.expect("the disk works");
        assert!(
            mine(&engine).is_empty(),
            "the shift given back elsewhere is not shown as taken: {:?}",
            mine(&engine)
        );
    })
}

/// The device checks what the server checks, with the same functions: a service's own
/// questions (as the catalogue it holds asks them) and every lifecycle step. Nothing
/// refused is queued, so nothing a server would refuse sits in the outbox to be parked.
#[test]
fn the_device_refuses_what_the_server_would_before_anything_is_queued() {
    block_on(async {
        let world = World::new(21);
        let session = world.new_session();
        let mut engine = world.start().await;
        engine.set_session(Some(&session)).await.expect("sign-in");
        engine.sync().await.expect("the catalogue arrives");

        let mut unanswered = new_order(0, Some(true));
        unanswered.service_id = Some(FLOOR_SERVICE.into());
        let refused = engine
            .submit_order((&world.env).new_id_for_order(), unanswered.clone())
            .await;
        assert_eq!(
            refused,
            Err(SubmitError::Invalid(vec![(
                "attributes.floor".into(),
                FieldProblem::Required
            )]))
        );
        let mut answered = unanswered;
        answered
            .attributes
            .insert("floor".into(), AttributeValue::Number(3.0));
        let id = (&world.env).new_id_for_order();
        engine
            .submit_order(id.clone(), answered)
            .await
            .expect("answered, queued");

        let refusals = [
            (OrderStep::new(Action::Decline).noting("  "), "note"),
            (
                OrderStep::new(Action::Cancel).noting(&"长".repeat(501)),
                "note",
            ),
            (OrderStep::new(Action::Confirm).rated(9), "rating"),
            (OrderStep::new(Action::Confirm), "rating"),
            (OrderStep::new(Action::Dispatch), "assignee_id"),
        ];
        for (step, field) in refusals {
            let refused = engine.request_transition(&id, step.clone()).await;
            assert!(
                matches!(&refused, Err(SubmitError::Invalid(problems))
                    if problems.iter().any(|(named, _)| named == field)),
                "{step:?} refused at {field}: {refused:?}"
            );
        }
        assert_eq!(
            engine.snapshot().outbox.len(),
            1,
            "only the order's create is queued"
        );
        engine
            .request_transition(&id, OrderStep::new(Action::Confirm).rated(5))
            .await
            .expect("a whole step is queued");
    })
}

#[test]
fn a_failed_request_does_not_end_the_pass_and_a_success_wakes_the_queue() {
    block_on(async {
        let world = World::new(20);
        let session = world.new_session();
        let mut engine = world.start().await;
        engine.set_session(Some(&session)).await.expect("sign-in");
        let first = (&world.env).new_id_for_order();
        let second = (&world.env).new_id_for_order();
        engine
            .submit_order(first.clone(), new_order(0, None))
            .await
            .expect("queued");
        engine
            .submit_order(second.clone(), new_order(1, None))
            .await
            .expect("queued");

        // The first send is lost in a dead spot; the network is fine after it.
        world.net.schedule(&[Fault::DropRequest]);
        engine.sync().await.expect("the disk works");
        let snapshot = engine.snapshot();
        assert!(
            snapshot.references.contains_key(&Reference::Services),
            "the catalogue arrived in the same pass"
        );
        assert!(
            snapshot.outbox.is_empty(),
            "both orders went in the same pass, not after their backoff"
        );
        assert_eq!(world.server.borrow().orders.len(), 2);

        // A server that says when to come back is believed: the pass ends there, and
        // neither a request that goes through nor "sync now" sends that entry sooner.
        let third = (&world.env).new_id_for_order();
        let fourth = (&world.env).new_id_for_order();
        engine
            .submit_order(third.clone(), new_order(2, None))
            .await
            .expect("queued");
        engine
            .submit_order(fourth.clone(), new_order(3, None))
            .await
            .expect("queued");
        world
            .net
            .schedule(&[Fault::Unavailable { retry_after: 120 }]);
        engine.sync().await.expect("the disk works");
        assert_eq!(
            engine.snapshot().outbox.len(),
            2,
            "the pass ended at the 503"
        );
        engine.expedite().await.expect("the disk works");
        engine.sync().await.expect("the disk works");
        let waiting: Vec<&OutboxEntry> = engine.snapshot().outbox.values().collect();
        assert_eq!(
            waiting.len(),
            1,
            "sync now sent what the server did not put off"
        );
        assert_eq!(waiting[0].operation.order_id(), Some(third.as_str()));
        assert!(world.server.borrow().orders.contains_key(&fourth));
        world.env.advance(121_000);
        engine.sync().await.expect("the disk works");
        assert!(
            engine.snapshot().outbox.is_empty(),
            "sent once the server is ready"
        );
        assert!(world.server.borrow().orders.contains_key(&third));
    });
}

/// Issue 13, 16 across tabs: a tab that has not seen someone else sign in queues an
/// order under the last user's name; the tab that syncs sets it aside for its owner and
/// never sends it under the new session.
#[test]
fn an_entry_queued_under_someone_elses_name_is_set_aside_not_sent() {
    block_on(async {
        let world = World::new(16);
        let first = world.new_session();
        let mut stale_tab = world.start().await;
        stale_tab.set_session(Some(&first)).await.expect("sign-in");
        let mut this_tab = world.start().await;
        let neighbour = Session {
            user_id: "u-neighbour".into(),
            ..world.new_session()
        };
        this_tab
            .set_session(Some(&neighbour))
            .await
            .expect("sign-in");
        let stale = (&world.env).new_id_for_order();
        stale_tab
            .submit_order(stale.clone(), new_order(0, None))
            .await
            .expect("queued under the name the stale tab knows");

        this_tab.sync().await.expect("the disk works");
        assert!(
            this_tab.snapshot().outbox.is_empty(),
            "not in the neighbour's queue"
        );
        assert!(
            !this_tab.snapshot().orders.contains_key(&stale),
            "not in the neighbour's sight"
        );
        assert!(
            world.server.borrow().orders.is_empty(),
            "nothing sent under the neighbour's name"
        );
        let held = HeldWork::of(this_tab.snapshot());
        assert_eq!(
            held.by_user.get(RESIDENT).map(|h| h.entries.len()),
            Some(1),
            "kept for its owner"
        );
    });
}

/// A step that waited out a backoff while a pull showed the order moved on waits with
/// who was quicker, as after a 412: it is not sent against the new version to be refused
/// as a wrong move. A step whose own id is on the pulled timeline (its answer was lost)
/// is acknowledged, not parked.
#[test]
fn a_step_the_device_already_knows_was_overtaken_is_parked_with_who_not_refused() {
    block_on(async {
        let world = World::new(22);
        let session = world.new_session();
        let mut engine = world.start().await;
        engine.set_session(Some(&session)).await.expect("sign-in");
        let id = (&world.env).new_id_for_order();
        engine
            .submit_order(id.clone(), new_order(0, None))
            .await
            .expect("queued");
        engine.sync().await.expect("the disk works");
        let cancel = engine
            .request_transition(&id, OrderStep::new(Action::Cancel))
            .await
            .expect("queued");
        // The cancel is lost in a dead spot; meanwhile the community turns the order down;
        // the pull that follows in the same pass shows it.
        world.net.schedule(&[Fault::DropRequest]);
        assert!(world.server.borrow_mut().staff_moves(&id, Action::Reject));
        engine.sync().await.expect("the disk works");
        let state = engine
            .snapshot()
            .outbox
            .values()
            .find(|e| matches!(&e.operation, Operation::Transition { request, .. } if request.id == cancel))
            .map(|e| e.state.clone());
        assert_eq!(
            state,
            Some(EntryState::Parked(ParkReason::Overtaken {
                status: OrderStatus::Rejected,
                by: Some(Actor::Dispatcher),
            })),
            "parked with who was quicker, not refused by the server"
        );

        // A step that went through but whose answer was lost: the pull shows its own id.
        let id = (&world.env).new_id_for_order();
        engine
            .submit_order(id.clone(), new_order(1, None))
            .await
            .expect("queued");
        engine.sync().await.expect("the disk works");
        engine
            .request_transition(&id, OrderStep::new(Action::Cancel))
            .await
            .expect("queued");
        world.net.schedule(&[Fault::DropResponse]);
        engine.sync().await.expect("the disk works");
        let waiting = engine
            .snapshot()
            .outbox
            .values()
            .filter(|e| e.operation.order_id() == Some(id.as_str()))
            .count();
        assert_eq!(
            waiting, 0,
            "acknowledged, not parked as overtaken by itself"
        );
        assert_eq!(
            engine.snapshot().orders[&id].order.status,
            OrderStatus::Cancelled
        );
    });
}
