//! The community's details: name, street office, hotline, announcement.

use leptos::prelude::*;
use yizhan_core::i18n::DeskTexts;
use yizhan_core::model::Community;
use yizhan_core::routes::Desk;
use yizhan_core::workbench::community::{check, CommunityBody};

use super::editing::{SaveBar, Saving};
use super::frame::DeskFrame;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::data::use_data;

#[component]
pub fn CommunityDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    // The form opens on what the device holds, once: a sync meanwhile does not wipe what
    // is being typed.
    let known = Memo::new(move |_| data.community().is_some());
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().community)
            lead=Signal::derive(move || desk.get().community_lead) place=Desk::Community>
            <Show when=move || known.get()>
                {move || untrack(|| data.community()).map(|community| view! { <CommunityForm community=community /> })}
            </Show>
        </DeskFrame>
    }
}

#[component]
fn CommunityForm(community: Community) -> impl IntoView {
    let desk = use_desk_texts();
    let saving = Saving::new();
    let name = RwSignal::new(community.name.clone());
    let district = RwSignal::new(community.district.clone());
    let hotline = RwSignal::new(community.hotline.clone());
    let announcement = RwSignal::new(community.announcement.clone());
    let saved = RwSignal::new(false);
    let community = StoredValue::new(community);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        // The announcement goes only when it was changed here: sent back as this device
        // last saw it, it could bring back a notice the community has since replaced.
        let typed = announcement.get_untracked().trim().to_string();
        let before = community.with_value(|c| c.announcement.trim().to_string());
        let body = CommunityBody {
            id: None,
            updated_at: None,
            name: name.get_untracked().trim().to_string(),
            district: district.get_untracked().trim().to_string(),
            hotline: hotline.get_untracked().trim().to_string(),
            announcement: (typed != before).then_some(typed),
            residents_choose_grid: None,
        };
        // The rules the server applies, said at the fields before anything is sent.
        let problems = check(&body);
        saving.send(
            if problems.is_empty() {
                Ok(body)
            } else {
                Err(problems)
            },
            |bench, token, body| async move { bench.put_community(&token, &body).await },
            move |_| saved.set(true),
        );
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="community-form">
            <TextField name="name" label=label(|t| t.community_name) value=name problem=saving.problem("name") />
            <TextField name="district" label=label(|t| t.community_district) value=district problem=saving.problem("district") />
            <TextField name="hotline" label=label(|t| t.community_hotline) value=hotline problem=saving.problem("hotline")
                input_type="tel" />
            <TextField name="announcement" label=label(|t| t.community_announcement) value=announcement
                problem=saving.problem("announcement") multiline=true />
            <Show when=move || saved.get()>
                <p class="notice" role="status" data-testid="desk-saved">{move || desk.get().saved}</p>
            </Show>
            <SaveBar saving=saving />
        </form>
    }
}
