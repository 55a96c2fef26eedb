//! The `yizhan` profile: shared/api-contract.md, spoken as written.

mod auth;

use crate::activities::{Activity, ActivitySignup, CheckInBody, SignupBody};
use crate::bookings::{BookBody, Bookable};
use crate::inbox::{InboxPage, ReadBody};
use crate::model::{Community, Items, NewOrder, Order, Page, Shift, TransitionRequest};
use crate::sync::abilities::Abilities;
use crate::sync::backend::{
    Attempt, Backend, BookingRequest, Fetched, Reference, ReferenceData, SignupRequest,
};
use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, Method, Transport};
use crate::sync::session::{Session, SessionUser};

use crate::sync::profiles::wire::{body, exchange, segment, to_json};

/// Orders per page when pulling: the contract's maximum, fewer round trips on bad signal.
const PAGE_SIZE: u32 = 200;

#[derive(Clone, Debug)]
pub struct YizhanProfile {
    /// `api/v1` (relative to the page) or `https://host/api/v1`, without a trailing slash.
    base_url: String,
}

impl YizhanProfile {
    pub fn new(base_url: &str) -> YizhanProfile {
        YizhanProfile {
            base_url: base_url.trim_end_matches('/').to_string(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn request(&self, method: Method, path: &str, token: &str) -> HttpRequest {
        HttpRequest::new(method, format!("{}{path}", self.base_url))
            .header("authorization", format!("Bearer {token}"))
            .header("accept", "application/json")
    }
}

impl Backend for YizhanProfile {
    /// Everything: the contract is what the app was built on.
    fn abilities(&self) -> Abilities {
        Abilities {
            needs_code: true,
            needs_password: false,
            has_calendar: true,
            has_inbox: true,
            staff_work: true,
            takes_steps: true,
            takes_wishes: true,
            workbench: true,
            edits_profile: true,
            offers: Reference::ALL.to_vec(),
        }
    }

    async fn request_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        self.send_code(net, phone).await
    }

    async fn sign_in<T: Transport>(
        &self,
        net: &T,
        phone: &str,
        secret: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        self.start_session(net, phone, secret).await
    }

    async fn inbox<T: Transport>(
        &self,
        net: &T,
        token: &str,
        since: Option<&str>,
    ) -> Result<Option<InboxPage>, SyncError> {
        let mut path = "/inbox?limit=200".to_string();
        if let Some(since) = since {
            path.push_str(&format!("&since={}", segment(since)));
        }
        let response = exchange(net, self.request(Method::Get, &path, token)).await?;
        Ok(Some(body(&response)?))
    }

    async fn wait_inbox<T: Transport>(
        &self,
        net: &T,
        token: &str,
        since: Option<&str>,
        wait_seconds: u32,
    ) -> Result<Option<InboxPage>, SyncError> {
        let mut path = format!("/inbox?limit=200&wait={wait_seconds}");
        if let Some(since) = since {
            path.push_str(&format!("&since={}", segment(since)));
        }
        let response = exchange(net, self.request(Method::Get, &path, token)).await?;
        Ok(Some(body(&response)?))
    }

    async fn mark_read<T: Transport>(
        &self,
        net: &T,
        token: &str,
        ids: &[String],
    ) -> Result<(), SyncError> {
        let read = ReadBody { ids: ids.to_vec() };
        let request = self
            .request(Method::Post, "/inbox/read", token)
            .json(to_json(&read)?);
        exchange(net, request).await.map(|_| ())
    }

    async fn push_key<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<String>, SyncError> {
        #[derive(serde::Deserialize)]
        struct Key {
            public_key: String,
        }
        let response = exchange(net, self.request(Method::Get, "/push/key", token)).await?;
        let key: Key = body(&response)?;
        Ok(Some(key.public_key))
    }

    async fn put_push_subscription<T: Transport>(
        &self,
        net: &T,
        token: &str,
        subscription: &serde_json::Value,
    ) -> Result<(), SyncError> {
        let request = self
            .request(Method::Put, "/push/subscription", token)
            .json(to_json(subscription)?);
        exchange(net, request).await.map(|_| ())
    }

    async fn drop_push_subscription<T: Transport>(
        &self,
        net: &T,
        token: &str,
        endpoint: &str,
    ) -> Result<(), SyncError> {
        let request = self
            .request(Method::Post, "/push/unsubscribe", token)
            .json(to_json(&serde_json::json!({ "endpoint": endpoint }))?);
        exchange(net, request).await.map(|_| ())
    }

    async fn reach_settings<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<crate::reach::ReachSettings>, SyncError> {
        let response = exchange(net, self.request(Method::Get, "/me/reach", token)).await?;
        Ok(Some(body(&response)?))
    }

    async fn put_reach_settings<T: Transport>(
        &self,
        net: &T,
        token: &str,
        settings: &crate::reach::ReachSettings,
    ) -> Result<crate::reach::ReachSettings, SyncError> {
        let request = self
            .request(Method::Put, "/me/reach", token)
            .json(to_json(settings)?);
        let response = exchange(net, request).await?;
        body(&response)
    }

    async fn calendar<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<String>, SyncError> {
        let request = HttpRequest::new(Method::Get, format!("{}/shifts/mine.ics", self.base_url))
            .header("authorization", format!("Bearer {token}"))
            .header("accept", "text/calendar");
        Ok(Some(exchange(net, request).await?.body))
    }

    async fn activity_calendar<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<String>, SyncError> {
        let url = format!("{}/activities/mine.ics", self.base_url);
        let request = HttpRequest::new(Method::Get, url)
            .header("authorization", format!("Bearer {token}"))
            .header("accept", "text/calendar");
        Ok(Some(exchange(net, request).await?.body))
    }

    async fn create_order<T: Transport>(
        &self,
        net: &T,
        token: &str,
        id: &str,
        order: &NewOrder,
        // Answered idempotently, or recognised when a resend meets the stored order.
        _attempt: Attempt,
    ) -> Result<Order, SyncError> {
        let request = self
            .request(Method::Put, &format!("/orders/{}", segment(id)), token)
            .json(to_json(order)?);
        body(&exchange(net, request).await?)
    }

    async fn transition<T: Transport>(
        &self,
        net: &T,
        token: &str,
        order_id: &str,
        version: i64,
        request: &TransitionRequest,
    ) -> Result<Order, SyncError> {
        let path = format!("/orders/{}/transitions", segment(order_id));
        let request = self
            .request(Method::Post, &path, token)
            .header("if-match", format!("\"{version}\""))
            .json(to_json(request)?);
        body(&exchange(net, request).await?)
    }

    async fn orders_since<T: Transport>(
        &self,
        net: &T,
        token: &str,
        cursor: Option<&str>,
    ) -> Result<Page<Order>, SyncError> {
        let mut path = format!("/orders?limit={PAGE_SIZE}");
        if let Some(cursor) = cursor {
            path.push_str(&format!("&since={}", segment(cursor)));
        }
        body(&exchange(net, self.request(Method::Get, &path, token)).await?)
    }

    async fn reference<T: Transport>(
        &self,
        net: &T,
        token: &str,
        kind: Reference,
        etag: Option<&str>,
    ) -> Result<Fetched, SyncError> {
        let path = match kind {
            Reference::Volunteers => "/users?role=volunteer".to_string(),
            Reference::ServiceRecord => "/me/record".to_string(),
            Reference::Door => "/activities/door".to_string(),
            _ => format!("/{}", kind.as_str()),
        };
        let mut request = self.request(Method::Get, &path, token);
        if let Some(etag) = etag {
            request = request.header("if-none-match", etag);
        }
        let response = exchange(net, request).await?;
        if response.status == 304 {
            return Ok(Fetched::NotModified);
        }
        let data = match kind {
            Reference::Community => ReferenceData::Community(body::<Community>(&response)?),
            Reference::Services => ReferenceData::Services(body::<Items<_>>(&response)?.items),
            Reference::Grids => ReferenceData::Grids(body::<Items<_>>(&response)?.items),
            Reference::Stations => ReferenceData::Stations(body::<Items<_>>(&response)?.items),
            Reference::Shifts => ReferenceData::Shifts(body::<Items<_>>(&response)?.items),
            Reference::Volunteers => ReferenceData::Volunteers(body::<Items<_>>(&response)?.items),
            Reference::ServiceRecord => ReferenceData::ServiceRecord(body(&response)?),
            Reference::Notices => ReferenceData::Notices(body::<Items<_>>(&response)?.items),
            Reference::Activities => ReferenceData::Activities(body::<Items<_>>(&response)?.items),
            Reference::Door => ReferenceData::Door(body::<Items<_>>(&response)?.items),
            Reference::Bookables => ReferenceData::Bookables(body::<Items<_>>(&response)?.items),
        };
        Ok(Fetched::Fresh {
            data,
            etag: response.header("etag").map(str::to_string),
        })
    }

    async fn shift_signup<T: Transport>(
        &self,
        net: &T,
        token: &str,
        shift_id: &str,
        take: bool,
    ) -> Result<Shift, SyncError> {
        let method = if take { Method::Put } else { Method::Delete };
        let path = format!("/shifts/{}/signup", segment(shift_id));
        body(&exchange(net, self.request(method, &path, token)).await?)
    }

    async fn activity_signup<T: Transport>(
        &self,
        net: &T,
        token: &str,
        activity_id: &str,
        signup: &SignupRequest,
    ) -> Result<Activity, SyncError> {
        let path = format!(
            "/activities/{}/signups/{}",
            segment(activity_id),
            segment(&signup.signup_id)
        );
        let request = if signup.take {
            let sent = SignupBody {
                child_name: signup.child_name.clone(),
            };
            self.request(Method::Put, &path, token)
                .json(to_json(&sent)?)
        } else {
            self.request(Method::Delete, &path, token)
        };
        body(&exchange(net, request).await?)
    }

    async fn book<T: Transport>(
        &self,
        net: &T,
        token: &str,
        bookable_id: &str,
        booking: &BookingRequest,
    ) -> Result<Bookable, SyncError> {
        let path = format!(
            "/bookables/{}/bookings/{}",
            segment(bookable_id),
            segment(&booking.booking_id)
        );
        let request = if booking.take {
            let sent = BookBody {
                starts_at: booking.starts_at.clone(),
            };
            self.request(Method::Put, &path, token)
                .json(to_json(&sent)?)
        } else {
            self.request(Method::Delete, &path, token)
        };
        body(&exchange(net, request).await?)
    }

    async fn check_in<T: Transport>(
        &self,
        net: &T,
        token: &str,
        activity_id: &str,
        code: &str,
        at: &str,
    ) -> Result<ActivitySignup, SyncError> {
        let path = format!(
            "/activities/{}/check-ins/{}",
            segment(activity_id),
            segment(code)
        );
        let sent = CheckInBody {
            at: Some(at.to_string()),
        };
        let request = self
            .request(Method::Put, &path, token)
            .json(to_json(&sent)?);
        body(&exchange(net, request).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers every request with one recorded body, and remembers what was asked.
    struct Recorded {
        body: &'static str,
        asked: std::cell::RefCell<Vec<String>>,
    }

    impl Transport for Recorded {
        async fn send(
            &self,
            request: HttpRequest,
        ) -> Result<crate::sync::HttpResponse, crate::sync::NetworkError> {
            self.asked.borrow_mut().push(request.url);
            Ok(crate::sync::HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: self.body.to_string(),
            })
        }
    }

    #[test]
    fn the_volunteer_list_is_read_from_users_with_their_shift_and_load() {
        // The shape `GET /users?role=volunteer` answers (api-contract.md, Administration).
        let net = Recorded {
            body: r#"{"items":[{"id":"u-3","name":"王静","phone_masked":"138****0003",
                "roles":["resident","volunteer"],"community_id":"c-1","grid_id":"g-1",
                "address":null,"on_shift_now":true,"open_orders":2}]}"#,
            asked: Default::default(),
        };
        let profile = YizhanProfile::new("api/v1");
        let fetched = futures::executor::block_on(profile.reference(
            &net,
            "token",
            Reference::Volunteers,
            None,
        ));
        assert_eq!(
            net.asked.borrow().as_slice(),
            ["api/v1/users?role=volunteer"]
        );
        let Ok(Fetched::Fresh {
            data: ReferenceData::Volunteers(volunteers),
            ..
        }) = fetched
        else {
            panic!("not a volunteer list: {fetched:?}");
        };
        assert_eq!(
            volunteers,
            [crate::model::Volunteer {
                id: "u-3".into(),
                name: "王静".into(),
                grid_id: Some("g-1".into()),
                on_shift_now: true,
                open_orders: 2,
            }]
        );
    }
}
