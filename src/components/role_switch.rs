use leptos::prelude::*;

use crate::acting_role::use_acting_role;
use crate::i18n::use_texts;

/// For people who are residents and also volunteers or the community's dispatcher: which
/// side of the order loop the orders tab shows. Nothing for residents only.
#[component]
pub fn RoleSwitch() -> impl IntoView {
    let texts = use_texts();
    let acting = use_acting_role();
    // Rebuilt only when the roles change, not at every sync (a focused radio keeps focus).
    let offered = Memo::new(move |_| acting.offered());
    let current = Memo::new(move |_| acting.get());
    move || {
        let offered = offered.get();
        (offered.len() > 1).then(|| {
            let choices = offered
                .into_iter()
                .map(|role| {
                    view! {
                        <label class="filter">
                            <input type="radio" name="acting-role" value=role.as_str()
                                prop:checked=move || current.get() == role
                                on:change=move |_| acting.set(role) />
                            <span>{move || texts.get().side(role)}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="filters role-switch" data-testid="role-switch">
                    <legend class="filters__legend">{move || texts.get().acting_as}</legend>
                    {choices}
                </fieldset>
            }
        })
    }
}
