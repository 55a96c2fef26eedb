//! Orders: service orders and micro-wishes (微心愿), as the contract carries them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    Service,
    Wish,
}

impl OrderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderKind::Service => "service",
            OrderKind::Wish => "wish",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Submitted,
    Dispatched,
    Accepted,
    InProgress,
    Completed,
    Closed,
    Cancelled,
    Rejected,
}

impl OrderStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::Submitted,
        OrderStatus::Dispatched,
        OrderStatus::Accepted,
        OrderStatus::InProgress,
        OrderStatus::Completed,
        OrderStatus::Closed,
        OrderStatus::Cancelled,
        OrderStatus::Rejected,
    ];

    /// Nothing more will happen to the order: closed, cancelled or not taken on.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            OrderStatus::Closed | OrderStatus::Cancelled | OrderStatus::Rejected
        )
    }

    /// The work is over: finished, or completed and waiting only for the resident.
    pub fn is_settled(self) -> bool {
        self.is_finished() || self == OrderStatus::Completed
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Submitted => "submitted",
            OrderStatus::Dispatched => "dispatched",
            OrderStatus::Accepted => "accepted",
            OrderStatus::InProgress => "in_progress",
            OrderStatus::Completed => "completed",
            OrderStatus::Closed => "closed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Rejected => "rejected",
        }
    }
}

/// An answer to one of a service's own questions: text, a number, or chosen option keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum AttributeValue {
    Text(String),
    Number(f64),
    Choices(Vec<String>),
}

/// How an order filed on a resident's behalf (事务代办) reached the community.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The resident called.
    Phone,
    /// On a home visit.
    Visit,
    /// At the service station's counter.
    Counter,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Phone, Channel::Visit, Channel::Counter];

    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Visit => "visit",
            Channel::Counter => "counter",
        }
    }

    /// The channel spelled `text`, if any.
    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// The resident an order is filed for by someone else (a grid worker, a dispatcher, an
/// admin): the order becomes theirs. `consent`: they agreed that the community records
/// their number and name, which making them an account needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OnBehalfOf {
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub consent: bool,
}

/// Who filed an order on its owner's behalf, and how it reached them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiledBy {
    pub id: String,
    pub name: String,
    pub channel: Channel,
}

/// What a resident submits: the body of `PUT /orders/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    pub kind: OrderKind,
    #[serde(default)]
    pub service_id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub preferred_time: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, AttributeValue>,
    /// Filed for this resident by staff (extension, issue 17); with `channel`, or neither.
    /// Left out when absent, so that an order without it is written as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<OnBehalfOf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignee {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub id: String,
    pub at: String,
    pub status: OrderStatus,
    pub action: String,
    pub by_role: String,
    pub note: Option<String>,
}

impl TimelineEntry {
    /// How an order filed on a resident's behalf reached the community: its creation,
    /// recorded in the filer's role with the channel as the note (`"phone"`).
    pub fn filed_channel(&self) -> Option<Channel> {
        if self.action != "create" || self.by_role == super::Role::Resident.as_str() {
            return None;
        }
        self.note.as_deref().and_then(Channel::parse)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: String,
    pub kind: OrderKind,
    pub service_id: Option<String>,
    pub title: String,
    pub description: String,
    pub address: Option<String>,
    pub contact_phone: Option<String>,
    pub preferred_time: Option<String>,
    pub attributes: BTreeMap<String, AttributeValue>,
    pub status: OrderStatus,
    pub version: i64,
    pub owner_id: String,
    pub assignee: Option<Assignee>,
    pub rating: Option<u8>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted: bool,
    pub timeline: Vec<TimelineEntry>,
    /// Filed on the owner's behalf by someone else (extension, issue 17); left out for
    /// an order its owner filed, so that an order is written to every backend as before
    /// (a reader takes absent and `null` alike).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_by: Option<FiledBy>,
}

/// The start of the id the app gives an order a backend holds without a client's id
/// (entered at the counter, taken by the hotline): the backend's own id follows. No
/// client's UUID starts so, and such an order is changed where it was filed.
pub const FILED_ELSEWHERE: &str = "filed:";

impl Order {
    /// Made at the backend, not by an app: shown, never changed from here.
    pub fn filed_elsewhere(&self) -> bool {
        self.id.starts_with(FILED_ELSEWHERE)
    }
}

/// A page of a list: `{"items", "next_cursor", "has_more"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

/// The body of `POST /orders/{id}/transitions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    pub id: String,
    pub action: crate::lifecycle::Action,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub assignee_id: Option<String>,
    #[serde(default)]
    pub rating: Option<i64>,
}
