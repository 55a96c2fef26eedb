//! The community's details: name, street office, hotline, announcement.

use std::collections::BTreeMap;

use leptos::prelude::*;
use yizhan_core::desk::NotSaved;
use yizhan_core::model::Community;
use yizhan_core::routes::Desk;

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
    let data = use_data();
    let name = RwSignal::new(community.name.clone());
    let district = RwSignal::new(community.district.clone());
    let hotline = RwSignal::new(community.hotline.clone());
    let announcement = RwSignal::new(community.announcement.clone());
    let problems = RwSignal::new(BTreeMap::<String, String>::new());
    let banner = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let problem =
        move |field: &'static str| Signal::derive(move || problems.get().get(field).cloned());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let changed = Community {
            name: name.get_untracked().trim().to_string(),
            district: district.get_untracked().trim().to_string(),
            hotline: hotline.get_untracked().trim().to_string(),
            announcement: announcement.get_untracked().trim().to_string(),
            ..community.clone()
        };
        saving.set(true);
        saved.set(false);
        banner.set(None);
        problems.set(BTreeMap::new());
        leptos::task::spawn_local(async move {
            let outcome = data
                .at_the_desk(
                    |bench, token| async move { bench.put_community(&token, &changed).await },
                )
                .await;
            saving.set(false);
            match outcome {
                Ok(_) => saved.set(true),
                Err(not_saved) => {
                    banner.set(Some(not_saved.banner(desk.get_untracked())));
                    if let NotSaved::Refused { fields, .. } = not_saved {
                        problems.set(fields);
                    }
                }
            }
        });
    };
    let label = move |pick: fn(&'static yizhan_core::i18n::DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="community-form">
            <TextField name="name" label=label(|t| t.community_name) value=name problem=problem("name") />
            <TextField name="district" label=label(|t| t.community_district) value=district problem=problem("district") />
            <TextField name="hotline" label=label(|t| t.community_hotline) value=hotline problem=problem("hotline")
                input_type="tel" />
            <TextField name="announcement" label=label(|t| t.community_announcement) value=announcement
                problem=problem("announcement") multiline=true />
            <Show when=move || banner.get().is_some()>
                <p class="notice notice--warning" role="alert" data-testid="desk-not-saved">{move || banner.get()}</p>
            </Show>
            <Show when=move || saved.get()>
                <p class="notice" role="status" data-testid="desk-saved">{move || desk.get().saved}</p>
            </Show>
            <button type="submit" class="button" prop:disabled=move || saving.get()>
                {move || if saving.get() { desk.get().saving } else { desk.get().save }}
            </button>
        </form>
    }
}
