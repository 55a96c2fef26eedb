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

use crate::model::{Community, Grid, Service, Station};
use crate::sync::account::Account;
use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, Method, Transport};
use crate::sync::profiles::wire::{body, exchange, segment, to_json};
use crate::sync::profiles::Profile;

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
    /// server's).
    pub async fn put_community(
        &self,
        token: &str,
        community: &Community,
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
}
