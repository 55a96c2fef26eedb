//! The name of each value a screen shows (a status, a kind of service, a contact's role,
//! a step), in the reader's language: one place, so that every screen says it alike and
//! a new value is a compile error here rather than a blank on some page.

use super::Texts;
use crate::lifecycle::Action;
use crate::model::{Amenity, Channel, ContactRole, OrderStatus, ServiceKind};
use crate::routes::Tab;
use crate::sync::Delivery;
use crate::work::Side;

impl Texts {
    /// What a service station offers.
    pub fn amenity(&self, amenity: Amenity) -> &'static str {
        match amenity {
            Amenity::Charging => self.amenity_charging,
            Amenity::Water => self.amenity_water,
            Amenity::Umbrella => self.amenity_umbrella,
            Amenity::Toilet => self.amenity_toilet,
            Amenity::FirstAid => self.amenity_first_aid,
            Amenity::Microwave => self.amenity_microwave,
            Amenity::Reading => self.amenity_reading,
            Amenity::Rest => self.amenity_rest,
        }
    }

    /// An order's status, as residents read it.
    pub fn status(&self, status: OrderStatus) -> &'static str {
        match status {
            OrderStatus::Submitted => self.status_submitted,
            OrderStatus::Dispatched => self.status_dispatched,
            OrderStatus::Accepted => self.status_accepted,
            OrderStatus::InProgress => self.status_in_progress,
            OrderStatus::Completed => self.status_completed,
            OrderStatus::Closed => self.status_closed,
            OrderStatus::Cancelled => self.status_cancelled,
            OrderStatus::Rejected => self.status_rejected,
        }
    }

    /// Whether an order reached the community, in words (never colour alone).
    pub fn delivery(&self, delivery: Delivery) -> &'static str {
        match delivery {
            Delivery::Sent => self.order_sent,
            Delivery::Waiting => self.order_waiting,
            Delivery::NeedsAttention => self.order_needs_attention,
        }
    }

    /// How a service is done: on the spot, on the resident's behalf, or a special case.
    pub fn service_kind(&self, kind: ServiceKind) -> &'static str {
        match kind {
            ServiceKind::Direct => self.kind_direct,
            ServiceKind::Proxy => self.kind_proxy,
            ServiceKind::Special => self.kind_special,
        }
    }

    /// How an order filed on a resident's behalf reached the community (电话代办).
    pub fn channel(&self, channel: Channel) -> &'static str {
        match channel {
            Channel::Phone => self.channel_phone,
            Channel::Visit => self.channel_visit,
            Channel::Counter => self.channel_counter,
        }
    }

    /// A building contact's role.
    pub fn contact_role(&self, role: ContactRole) -> &'static str {
        match role {
            ContactRole::GridWorker => self.role_grid_worker,
            ContactRole::PartySecretary => self.role_party_secretary,
            ContactRole::Police => self.role_police,
            ContactRole::Property => self.role_property,
            ContactRole::Doctor => self.role_doctor,
            ContactRole::VolunteerLead => self.role_volunteer_lead,
            ContactRole::Cadre => self.role_cadre,
            ContactRole::Other => self.role_other,
        }
    }

    /// The side of the order loop someone is acting on.
    pub fn side(&self, side: Side) -> &'static str {
        match side {
            Side::Resident => self.acting_resident,
            Side::Volunteer => self.acting_volunteer,
            Side::Dispatcher => self.acting_dispatcher,
        }
    }

    /// A tab of the bottom bar; the orders tab is named for the side shown.
    pub fn tab(&self, tab: Tab, side: Side) -> &'static str {
        match tab {
            Tab::Home => self.tab_home,
            Tab::Services => self.tab_services,
            Tab::Orders => match side {
                Side::Resident => self.tab_orders,
                Side::Volunteer => self.tab_tasks,
                Side::Dispatcher => self.tab_dispatch,
            },
            Tab::Grid => self.tab_grid,
            Tab::Volunteer => self.tab_volunteer,
        }
    }

    /// A timeline entry's action as the backend recorded it (the contract's names, and
    /// `update` for a city's own progress where the backend keeps its own, as Open311
    /// does). Anything else reads as the order's making.
    pub fn timeline_action(&self, action: &str) -> &'static str {
        match Action::parse(action) {
            Some(action) => self.step(action),
            None if action == "update" => self.action_update,
            None => self.action_create,
        }
    }

    /// A step, as the timeline and the outbox name it.
    pub fn step(&self, action: Action) -> &'static str {
        match action {
            Action::Dispatch => self.action_dispatch,
            Action::Claim => self.action_claim,
            Action::Accept => self.action_accept,
            Action::Decline => self.action_decline,
            Action::Start => self.action_start,
            Action::Complete => self.action_complete,
            Action::Confirm => self.action_confirm,
            Action::Reopen => self.action_reopen,
            Action::Cancel => self.action_cancel,
            Action::Reject => self.action_reject,
        }
    }

    /// The button that takes a staff step.
    pub fn step_button(&self, action: Action) -> &'static str {
        match action {
            Action::Claim => self.order_claim,
            Action::Accept => self.order_accept,
            Action::Start => self.order_start,
            Action::Complete => self.order_complete,
            Action::Dispatch => self.order_dispatch,
            Action::Decline => self.order_decline,
            Action::Reject => self.order_reject,
            Action::Confirm => self.order_confirm,
            Action::Reopen => self.order_reopen,
            Action::Cancel => self.order_cancel,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{texts, Lang};
    use crate::lifecycle::Action;

    #[test]
    fn a_timeline_names_every_step_the_citys_updates_and_the_making() {
        let zh = texts(Lang::ZhHans);
        assert_eq!(zh.timeline_action("cancel"), zh.action_cancel);
        assert_eq!(zh.timeline_action("update"), zh.action_update);
        assert_eq!(zh.timeline_action("create"), zh.action_create);
        assert_eq!(zh.timeline_action("something-new"), zh.action_create);
        assert_eq!(zh.step(Action::Reject), zh.action_reject);
    }
}
