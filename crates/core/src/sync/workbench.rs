//! The staff's workbench's exchanges with the reference server's administration API
//! (api-contract.md, "Administration"): online and at once, never queued — a change to
//! the catalogue is made by someone at the station's desk who sees the answer, and a
//! refusal is said at the field it names. Other backends keep their own admin tools, so
//! only the contract's own profile hands one out ([`Account::workbench`]).
//!
//! What residents see of these changes arrives with the next sync, like any reference
//! data; the workbench's own lists read the same snapshot.

use serde::de::DeserializeOwned;
use serde::Serialize;

use serde::Deserialize;

use crate::activities::{Activity, ActivityBody, ActivitySignup, MonthFigures, RepeatBody};
use crate::bookings::{Bookable, BookableBody, BookingState, DayBooking, OutcomeBody};
use crate::model::{
    Community, Grid, Items, Notice, People, Person, Role, Service, Shift, Signup, Station,
};
use crate::sync::account::Account;
use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, Method, Transport};
use crate::sync::profiles::wire::{body, exchange, segment, to_json};
use crate::sync::profiles::Profile;
use crate::workbench::community::CommunityBody;
use crate::workbench::notices::NoticeBody;
use crate::workbench::people::{NewResident, UserUpdate};
use crate::workbench::services::ServiceOrder;
use crate::workbench::shifts::{AttendanceBody, SeriesBody, ShiftBody};

/// What `POST /shifts/series` answers: the series' id and the shifts it made.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SeriesMade {
    pub series_id: String,
    pub items: Vec<Shift>,
}

/// The administration API of one reference server, as the signed-in staff member.
#[derive(Clone, Debug)]
pub struct Workbench<T> {
    /// `api/v1` or `https://host/api/v1`, without a trailing slash.
    base_url: String,
    net: T,
}

impl<T: Transport + Clone> Account<Profile, T> {
    /// The workbench, where the backend is the reference server; `None` elsewhere.
    pub fn workbench(&self) -> Option<Workbench<T>> {
        #[allow(unreachable_patterns)] // a build with the contract's profile alone
        match &self.backend {
            Profile::Yizhan(profile) => Some(Workbench {
                base_url: profile.base_url().to_string(),
                net: self.net.clone(),
            }),
            _ => None,
        }
    }
}

impl<T: Transport> Workbench<T> {
    async fn send<R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: &str,
        json: Option<String>,
    ) -> Result<R, SyncError> {
        let request = HttpRequest::new(method, format!("{}{path}", self.base_url))
            .header("authorization", format!("Bearer {token}"))
            .header("accept", "application/json");
        let request = match json {
            Some(json) => request.json(json),
            None => request,
        };
        body(&exchange(&self.net, request).await?)
    }

    async fn put<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        value: &B,
    ) -> Result<R, SyncError> {
        self.send(Method::Put, path, token, Some(to_json(value)?))
            .await
    }

    /// Replaces the community's details (`PUT /community`; its id and time are the
    /// server's). An announcement left out changes no notice.
    pub async fn put_community(
        &self,
        token: &str,
        community: &CommunityBody,
    ) -> Result<Community, SyncError> {
        self.put("/community", token, community).await
    }

    /// Adds or replaces a service of the catalogue (`PUT /services/{id}`).
    pub async fn put_service(&self, token: &str, service: &Service) -> Result<Service, SyncError> {
        let path = format!("/services/{}", segment(&service.id));
        self.put(&path, token, service).await
    }

    /// Retires a service (`DELETE /services/{id}`): residents no longer see it, and the
    /// orders made for it keep it. Put it back with [`Workbench::put_service`].
    pub async fn retire_service(&self, token: &str, id: &str) -> Result<Service, SyncError> {
        let path = format!("/services/{}", segment(id));
        self.send(Method::Delete, &path, token, None).await
    }

    /// Puts the catalogue in `order` (`PUT /service-order`): residents see it so at their
    /// next sync.
    pub async fn put_service_order(
        &self,
        token: &str,
        order: &ServiceOrder,
    ) -> Result<(), SyncError> {
        let request = HttpRequest::new(Method::Put, format!("{}/service-order", self.base_url))
            .header("authorization", format!("Bearer {token}"))
            .json(to_json(order)?);
        exchange(&self.net, request).await.map(|_| ())
    }

    /// Adds or replaces a grid with its contacts (`PUT /grids/{id}`).
    pub async fn put_grid(&self, token: &str, grid: &Grid) -> Result<Grid, SyncError> {
        let path = format!("/grids/{}", segment(&grid.id));
        self.put(&path, token, grid).await
    }

    /// Adds or replaces a service station (`PUT /stations/{id}`).
    pub async fn put_station(&self, token: &str, station: &Station) -> Result<Station, SyncError> {
        let path = format!("/stations/{}", segment(&station.id));
        self.put(&path, token, station).await
    }

    /// Adds a weekly series of shifts (`POST /shifts/series`): all of them or none.
    pub async fn create_series(
        &self,
        token: &str,
        series: &SeriesBody,
    ) -> Result<SeriesMade, SyncError> {
        self.send(
            Method::Post,
            "/shifts/series",
            token,
            Some(to_json(series)?),
        )
        .await
    }

    /// Cancels one shift (`DELETE /shifts/{id}`); those signed up see it cancelled.
    pub async fn cancel_shift(&self, token: &str, id: &str) -> Result<Shift, SyncError> {
        let path = format!("/shifts/{}", segment(id));
        self.send(Method::Delete, &path, token, None).await
    }

    /// Cancels a series' shifts from `from` (`YYYY-MM-DD`) on.
    pub async fn cancel_series(
        &self,
        token: &str,
        series_id: &str,
        from: &str,
    ) -> Result<Vec<Shift>, SyncError> {
        let path = format!(
            "/shifts/series/{}?from={}",
            segment(series_id),
            segment(from)
        );
        let cancelled: Items<Shift> = self.send(Method::Delete, &path, token, None).await?;
        Ok(cancelled.items)
    }

    /// Adds or changes an activity (`PUT /activities/{id}`, issue 19): those signed up
    /// stay signed up.
    pub async fn put_activity(
        &self,
        token: &str,
        id: &str,
        activity: &ActivityBody,
    ) -> Result<Activity, SyncError> {
        let path = format!("/activities/{}", segment(id));
        self.put(&path, token, activity).await
    }

    /// Cancels an activity before it starts (`DELETE /activities/{id}`); those signed up
    /// are told.
    pub async fn cancel_activity(&self, token: &str, id: &str) -> Result<Activity, SyncError> {
        let path = format!("/activities/{}", segment(id));
        self.send(Method::Delete, &path, token, None).await
    }

    /// Repeats an activity every week or two (`POST /activities/{id}/repeats`): the
    /// series, made once however often it is sent.
    pub async fn repeat_activity(
        &self,
        token: &str,
        id: &str,
        repeat: &RepeatBody,
    ) -> Result<Vec<Activity>, SyncError> {
        let path = format!("/activities/{}/repeats", segment(id));
        let made: Items<Activity> = self
            .send(Method::Post, &path, token, Some(to_json(repeat)?))
            .await?;
        Ok(made.items)
    }

    /// Who signed up for an activity: those with a place first, then the line.
    pub async fn activity_signups(
        &self,
        token: &str,
        id: &str,
    ) -> Result<Vec<ActivitySignup>, SyncError> {
        let path = format!("/activities/{}/signups", segment(id));
        let signups: Items<ActivitySignup> = self.send(Method::Get, &path, token, None).await?;
        Ok(signups.items)
    }

    /// A month's activities in figures (`GET /activities/figures?month=YYYY-MM`).
    pub async fn activity_figures(
        &self,
        token: &str,
        month: &str,
    ) -> Result<MonthFigures, SyncError> {
        let path = format!("/activities/figures?month={}", segment(month));
        self.send(Method::Get, &path, token, None).await
    }

    /// A day's bookings across the community's things (`YYYY-MM-DD`).
    pub async fn bookings_on(&self, token: &str, date: &str) -> Result<Vec<DayBooking>, SyncError> {
        let path = format!("/bookings?date={}", segment(date));
        let day: Items<DayBooking> = self.send(Method::Get, &path, token, None).await?;
        Ok(day.items)
    }

    /// Marks how a booking went (`Booked` undoes a mark).
    pub async fn mark_booking(
        &self,
        token: &str,
        id: &str,
        outcome: BookingState,
    ) -> Result<DayBooking, SyncError> {
        let path = format!("/bookings/{}/outcome", segment(id));
        let body = to_json(&OutcomeBody { outcome })?;
        self.send(Method::Put, &path, token, Some(body)).await
    }

    /// Creates or changes a bookable thing whole.
    pub async fn put_bookable(
        &self,
        token: &str,
        id: &str,
        body: &BookableBody,
    ) -> Result<Bookable, SyncError> {
        let path = format!("/bookables/{}", segment(id));
        self.send(Method::Put, &path, token, Some(to_json(body)?))
            .await
    }

    /// Retires a bookable thing: residents no longer see it; the bookings made stay.
    /// Offered again by [`Workbench::put_bookable`].
    pub async fn retire_bookable(&self, token: &str, id: &str) -> Result<Bookable, SyncError> {
        let path = format!("/bookables/{}", segment(id));
        self.send(Method::Delete, &path, token, None).await
    }

    /// Who signed up for a shift, in the order they did.
    pub async fn signups(&self, token: &str, shift_id: &str) -> Result<Vec<Signup>, SyncError> {
        let path = format!("/shifts/{}/signups", segment(shift_id));
        let signups: Items<Signup> = self.send(Method::Get, &path, token, None).await?;
        Ok(signups.items)
    }

    /// Marks whether someone signed up came (once the shift has started).
    pub async fn mark_attendance(
        &self,
        token: &str,
        shift_id: &str,
        user_id: &str,
        attended: bool,
    ) -> Result<Signup, SyncError> {
        let path = format!(
            "/shifts/{}/attendance/{}",
            segment(shift_id),
            segment(user_id)
        );
        self.put(&path, token, &AttendanceBody { attended }).await
    }

    /// People whose phone or name matches `q` (all, when empty), holding `role` when
    /// given: the first 50 by name.
    pub async fn people(
        &self,
        token: &str,
        q: &str,
        role: Option<Role>,
    ) -> Result<People, SyncError> {
        let mut path = format!("/users?limit=50&q={}", segment(q.trim()));
        if let Some(role) = role {
            path.push_str(&format!("&role={}", role.as_str()));
        }
        self.send(Method::Get, &path, token, None).await
    }

    /// Registers someone by number with their consent (`POST /users`): a new resident
    /// (`true`: 201), or the person who already has that number, as they are (`false`).
    pub async fn add_person(
        &self,
        token: &str,
        person: &NewResident,
    ) -> Result<(Person, bool), SyncError> {
        let request = HttpRequest::new(Method::Post, format!("{}/users", self.base_url))
            .header("authorization", format!("Bearer {token}"))
            .header("accept", "application/json")
            .json(to_json(person)?);
        let response = exchange(&self.net, request).await?;
        Ok((body(&response)?, response.status == 201))
    }

    /// Changes a shift whole (`PUT /shifts/{id}`); those signed up stay signed up and see
    /// it changed at their next sync.
    pub async fn put_shift(
        &self,
        token: &str,
        id: &str,
        shift: &ShiftBody,
    ) -> Result<Shift, SyncError> {
        let path = format!("/shifts/{}", segment(id));
        self.put(&path, token, shift).await
    }

    /// Changes someone's name, grid, address, and whether they can sign in.
    pub async fn update_person(
        &self,
        token: &str,
        id: &str,
        update: &UserUpdate,
    ) -> Result<Person, SyncError> {
        let path = format!("/users/{}", segment(id));
        self.put(&path, token, update).await
    }

    /// Gives someone exactly these roles (`resident` is everyone's and always kept).
    pub async fn set_roles(
        &self,
        token: &str,
        id: &str,
        roles: &[Role],
    ) -> Result<Person, SyncError> {
        #[derive(serde::Serialize)]
        struct Roles<'a> {
            roles: Vec<&'a str>,
        }
        let body = Roles {
            roles: roles.iter().map(|role| role.as_str()).collect(),
        };
        let path = format!("/users/{}/roles", segment(id));
        self.put(&path, token, &body).await
    }

    /// Every notice, past and future ones too (`GET /notices?all=true`), for editing.
    pub async fn all_notices(&self, token: &str) -> Result<Vec<Notice>, SyncError> {
        let notices: Items<Notice> = self
            .send(Method::Get, "/notices?all=true", token, None)
            .await?;
        Ok(notices.items)
    }

    /// Adds or replaces a notice (`PUT /notices/{id}`).
    pub async fn put_notice(
        &self,
        token: &str,
        id: &str,
        notice: &NoticeBody,
    ) -> Result<Notice, SyncError> {
        let path = format!("/notices/{}", segment(id));
        self.put(&path, token, notice).await
    }

    /// Takes a notice down (`DELETE /notices/{id}`, answered with no body).
    pub async fn delete_notice(&self, token: &str, id: &str) -> Result<(), SyncError> {
        let request = HttpRequest::new(
            Method::Delete,
            format!("{}/notices/{}", self.base_url, segment(id)),
        )
        .header("authorization", format!("Bearer {token}"));
        exchange(&self.net, request).await.map(|_| ())
    }
}
