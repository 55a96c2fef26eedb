//! The reference data the device holds, as the screens read it.

use leptos::prelude::*;
use yizhan_core::model::{
    Community, Grid, Notice, Service, ServiceRecord, Shift, Station, Volunteer,
};
use yizhan_core::sync::{Env, Reference, ReferenceData};

use crate::platform::browser_env::BrowserEnv;

use super::DataContext;

impl DataContext {
    fn reference<T>(
        &self,
        kind: Reference,
        pick: impl Fn(&ReferenceData) -> Option<T>,
    ) -> Option<T> {
        self.snapshot.with(|snapshot| {
            snapshot
                .references
                .get(&kind)
                .and_then(|cached| pick(&cached.data))
        })
    }

    pub fn community(&self) -> Option<Community> {
        self.reference(Reference::Community, |data| match data {
            ReferenceData::Community(community) => Some(community.clone()),
            _ => None,
        })
    }

    /// The community's notices showing today, pinned first; `None` where the device
    /// holds no board (show the community's `announcement`).
    pub fn notices_showing(&self) -> Option<Vec<Notice>> {
        self.snapshot
            .with(|snapshot| snapshot.notices_showing(BrowserEnv.now_ms()))
    }

    pub fn services(&self) -> Vec<Service> {
        self.reference(Reference::Services, |data| match data {
            ReferenceData::Services(services) => Some(services.clone()),
            _ => None,
        })
        .unwrap_or_default()
    }

    pub fn grids(&self) -> Vec<Grid> {
        self.reference(Reference::Grids, |data| match data {
            ReferenceData::Grids(grids) => Some(grids.clone()),
            _ => None,
        })
        .unwrap_or_default()
    }

    pub fn stations(&self) -> Vec<Station> {
        self.reference(Reference::Stations, |data| match data {
            ReferenceData::Stations(stations) => Some(stations.clone()),
            _ => None,
        })
        .unwrap_or_default()
    }

    pub fn shifts(&self) -> Vec<Shift> {
        self.reference(Reference::Shifts, |data| match data {
            ReferenceData::Shifts(shifts) => Some(shifts.clone()),
            _ => None,
        })
        .unwrap_or_default()
    }

    /// The volunteers a dispatcher can send orders to, as of the last sync.
    pub fn volunteers(&self) -> Vec<Volunteer> {
        self.reference(Reference::Volunteers, |data| match data {
            ReferenceData::Volunteers(volunteers) => Some(volunteers.clone()),
            _ => None,
        })
        .unwrap_or_default()
    }

    /// The volunteer's record of service, as of the last sync.
    pub fn service_record(&self) -> Option<ServiceRecord> {
        self.reference(Reference::ServiceRecord, |data| match data {
            ReferenceData::ServiceRecord(record) => Some(record.clone()),
            _ => None,
        })
    }

    /// Whether reference data of this kind has ever reached the device.
    pub fn has(&self, kind: Reference) -> bool {
        self.snapshot
            .with(|snapshot| snapshot.references.contains_key(&kind))
    }
}
