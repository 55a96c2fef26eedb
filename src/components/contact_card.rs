use leptos::prelude::*;
use yizhan_core::model::Contact;
use yizhan_core::phone::tel_href;

use crate::i18n::use_texts;
use crate::platform::clipboard;

/// Someone posted in the building: role, duty hours, one tap to call, WeChat id to copy.
#[component]
pub fn ContactCard(contact: Contact) -> impl IntoView {
    let texts = use_texts();
    let copied = RwSignal::new(false);
    let tel = tel_href(&contact.phone);
    let name = contact.name.clone();
    let role = contact.role;
    let wechat = contact.wechat.clone().map(|id| {
        let copy_id = id.clone();
        view! {
            <p class="contact__wechat">
                "WeChat: " <span class="contact__wechat-id">{id}</span> " "
                <button type="button" class="button button--secondary button--small"
                    on:click=move |_| {
                        let id = copy_id.clone();
                        leptos::task::spawn_local(async move {
                            copied.set(clipboard::copy(&id).await);
                        });
                    }>
                    {move || if copied.get() { texts.get().copied } else { texts.get().copy_wechat }}
                </button>
            </p>
        }
    });
    view! {
        <article class="card contact" data-testid="contact">
            <h3 class="card__title">{contact.name.clone()}</h3>
            <p class="card__meta">
                <span class="status-chip">{move || texts.get().contact_role(role)}</span>
                " " {contact.title.clone()}
            </p>
            {contact.duty_hours.clone().map(|hours| view! {
                <p>{move || texts.get().duty_hours}{hours.clone()}</p>
            })}
            {contact.note.clone().map(|note| view! { <p class="card__meta">{note}</p> })}
            // The name follows the visible words, unseen, so a screen reader says whom it
            // calls while the accessible name still starts with what is shown.
            <a class="button" href=tel>
                {move || texts.get().call}" "{contact.phone.clone()}
                <span class="visually-hidden">" "{name}</span>
            </a>
            {wechat}
        </article>
    }
}
