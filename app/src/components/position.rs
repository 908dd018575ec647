use super::position_word;
use crate::domain::Position;
use crate::i18n::*;
use leptos::prelude::*;

/// A position as text, icon and colour together: never colour alone.
#[component]
pub fn PositionBadge(position: Position) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("position position-{}", position.code()) data-position=position.code()>
            <span aria-hidden="true">{position.icon()}</span>
            {move || position_word(i18n, position)}
        </span>
    }
}
