//! Every string a resident reads, in one place, typed.
//!
//! A missing translation is a compile error (each language is a value of [`Texts`]), and the
//! whole table costs a few kilobytes of static data in the bundle, where a runtime i18n crate
//! costs its parser and locale data (see BENCHMARKS.md).

mod check_texts;
#[cfg(feature = "workbench")]
mod desk_texts;
mod en;
mod labels;
mod lang;
mod texts;
mod zh_hans;
mod zh_hant;

pub use check_texts::CheckTexts;
#[cfg(feature = "workbench")]
pub use desk_texts::{desk_texts, DeskTexts};
pub use lang::Lang;
pub use texts::Texts;

/// The strings for `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::ZhHans => &zh_hans::TEXTS,
        Lang::ZhHant => &zh_hant::TEXTS,
        Lang::En => &en::TEXTS,
    }
}
