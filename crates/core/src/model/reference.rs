//! Reference data: the community, its service catalogue, grids with contacts, stations.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Community {
    pub id: String,
    pub name: String,
    pub district: String,
    pub hotline: String,
    /// The body of the first notice showing now (pinned first), or "": what apps before
    /// notices show. The notices themselves are `GET /notices`.
    pub announcement: String,
    pub updated_at: String,
    /// Whether residents choose their grid themselves (`PUT /me`); otherwise staff set it.
    #[serde(default)]
    pub residents_choose_grid: bool,
}

/// A notice on the community's board (`GET /notices`, extension, issue 17): shown from
/// `starts_on` to `ends_on` (both included, community dates; `null` is open-ended),
/// pinned ones first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: String,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub starts_on: Option<String>,
    #[serde(default)]
    pub ends_on: Option<String>,
    #[serde(default)]
    pub pinned: bool,
    pub updated_at: String,
}

/// 服务清单's three kinds: done on the spot, done on the resident's behalf, special services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    Direct,
    Proxy,
    Special,
}

impl ServiceKind {
    /// Every kind, in the order the catalogue lists them.
    pub const ALL: [ServiceKind; 3] = [
        ServiceKind::Direct,
        ServiceKind::Proxy,
        ServiceKind::Special,
    ];

    /// The value the contract and the database use.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::Direct => "direct",
            ServiceKind::Proxy => "proxy",
            ServiceKind::Special => "special",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    pub id: String,
    pub code: String,
    pub name: String,
    pub category: String,
    pub kind: ServiceKind,
    pub description: String,
    pub sla_hours: Option<u32>,
    pub fields: Vec<Field>,
    pub active: bool,
    pub updated_at: String,
}

/// One of a service's own questions (after Open311's service attributes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Field {
    pub code: String,
    pub label: String,
    pub datatype: FieldType,
    pub required: bool,
    #[serde(default)]
    pub options: Vec<FieldOption>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    String,
    Text,
    Number,
    Date,
    Datetime,
    Single,
    Multi,
}

impl FieldType {
    /// Every kind of answer, as an editor offers them.
    pub const ALL: [FieldType; 7] = [
        FieldType::String,
        FieldType::Text,
        FieldType::Number,
        FieldType::Date,
        FieldType::Datetime,
        FieldType::Single,
        FieldType::Multi,
    ];

    /// The value the contract uses.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Datetime => "datetime",
            FieldType::Single => "single",
            FieldType::Multi => "multi",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldOption {
    pub key: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grid {
    pub id: String,
    pub name: String,
    pub area: String,
    pub contacts: Vec<Contact>,
    pub updated_at: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    GridWorker,
    PartySecretary,
    Police,
    Property,
    Doctor,
    VolunteerLead,
    Cadre,
    Other,
}

impl ContactRole {
    /// The value the contract and the database use.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactRole::GridWorker => "grid_worker",
            ContactRole::PartySecretary => "party_secretary",
            ContactRole::Police => "police",
            ContactRole::Property => "property",
            ContactRole::Doctor => "doctor",
            ContactRole::VolunteerLead => "volunteer_lead",
            ContactRole::Cadre => "cadre",
            ContactRole::Other => "other",
        }
    }
}

/// A contact posted in the building: the phone is public by design and returned whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub role: ContactRole,
    pub title: String,
    pub phone: String,
    pub wechat: Option<String>,
    pub duty_hours: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Station {
    pub id: String,
    pub name: String,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub phone: String,
    pub open_hours: Vec<OpenHours>,
    pub amenities: Vec<Amenity>,
    pub updated_at: String,
    /// Dates whose hours differ from the week's (an extension, issue 19): a holiday
    /// closed, a 红色周末 or evening opened longer, a one-off closure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<DatedHours>,
}

/// Opening hours on some days of the week (1 = Monday … 7 = Sunday), local time `HH:MM`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenHours {
    pub days: Vec<u8>,
    pub open: String,
    pub close: String,
}

/// A station's hours from `from` to `until` (dates `YYYY-MM-DD`, both included; one day
/// without `until`), instead of the week's: `hours` empty means closed all day. `note`
/// says why (元旦闭馆, 红色周末延长开放).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatedHours {
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default)]
    pub hours: Vec<Span>,
    #[serde(default)]
    pub note: String,
}

/// Open from `open` to `close`, local `HH:MM`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span {
    pub open: String,
    pub close: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Amenity {
    Charging,
    Water,
    Umbrella,
    Toilet,
    FirstAid,
    Microwave,
    Reading,
    Rest,
}

impl Amenity {
    /// Every amenity, in the order a station lists them.
    pub const ALL: [Amenity; 8] = [
        Amenity::Charging,
        Amenity::Water,
        Amenity::Umbrella,
        Amenity::Toilet,
        Amenity::FirstAid,
        Amenity::Microwave,
        Amenity::Reading,
        Amenity::Rest,
    ];
}

impl ContactRole {
    /// Every role a contact may have, in the order a grid lists them.
    pub const ALL: [ContactRole; 8] = [
        ContactRole::GridWorker,
        ContactRole::PartySecretary,
        ContactRole::Police,
        ContactRole::Property,
        ContactRole::Doctor,
        ContactRole::VolunteerLead,
        ContactRole::Cadre,
        ContactRole::Other,
    ];
}
