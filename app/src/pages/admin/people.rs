//! People administration (issue 15): the administrator's and the unit leader's list of the
//! people they administer, with their memberships and guardianships, and the changes they may
//! make. Unlocking and resending an invitation reuse `unlock_account` and `invite_user`.

use crate::auth::password::InviteUser;
use crate::auth::UnlockAccount;
use crate::components::{format_date, BackToHome, ErrorMessage, PageShell};
use crate::domain::UserId;
use crate::i18n::*;
use crate::org::people::{
    get_people, EndGuardianship, EndGuardianshipInput, EndMembership, EndMembershipInput,
    GuardianshipRow, InviteSpecialist, InviteSpecialistInput, MembershipRow, PersonRow,
    ResetSecondFactor, SetUserDisabled,
};
use leptos::prelude::*;
use time::Date;

fn parse_day(text: &str) -> Option<Date> {
    Date::parse(text, &time::format_description::well_known::Iso8601::DATE).ok()
}

/// The people page: one card per person. Every change reloads the list.
#[component]
pub fn PeopleAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let end = ServerAction::<EndMembership>::new();
    let disable = ServerAction::<SetUserDisabled>::new();
    let unlock = ServerAction::<UnlockAccount>::new();
    let resend = ServerAction::<InviteUser>::new();
    let reset = ServerAction::<ResetSecondFactor>::new();
    let end_guardianship = ServerAction::<EndGuardianship>::new();
    let specialist = ServerAction::<InviteSpecialist>::new();
    let data = Resource::new(
        move || {
            (
                end.version().get(),
                end_guardianship.version().get(),
                disable.version().get(),
                specialist.version().get(),
            )
        },
        |_| get_people(),
    );
    let outcome = move || {
        let latest = [
            end.value().get(),
            end_guardianship.value().get(),
            disable.value().get(),
            unlock.value().get(),
            resend.value().get(),
            reset.value().get(),
            specialist.value().get(),
        ];
        latest.into_iter().flatten().find_map(Result::err)
    };
    view! {
        <BackToHome />
        <h1>{t!(i18n, people.title)}</h1>
        <p class="muted">{t!(i18n, people.intro)}</p>
        {move || outcome().map(|error| view! { <ErrorMessage error /> })}
        <PageShell resource=data let:page>
            {if page.people.is_empty() {
                Some(view! { <p>{t!(i18n, people.none)}</p> })
            } else {
                None
            }}
            <SpecialistForm page=page.clone() action=specialist />
            <ul class="people-list" data-testid="people">
                {page
                    .people
                    .into_iter()
                    .map(|person| {
                        view! {
                            <PersonCard person today=page.today end end_guardianship disable unlock resend reset />
                        }
                    })
                    .collect_view()}
            </ul>
        </PageShell>
    }
}

#[component]
fn PersonCard(
    person: PersonRow,
    today: Date,
    end: ServerAction<EndMembership>,
    end_guardianship: ServerAction<EndGuardianship>,
    disable: ServerAction<SetUserDisabled>,
    unlock: ServerAction<UnlockAccount>,
    resend: ServerAction<InviteUser>,
    reset: ServerAction<ResetSecondFactor>,
) -> impl IntoView {
    let i18n = use_i18n();
    // This card's own reset, to say it went through here and not on another card.
    let asked_reset = RwSignal::new(false);
    let is_staff = !person.memberships.is_empty();
    let confirming = RwSignal::new(false);
    let user = person.user;
    let username = person.username.clone();
    let username2 = person.username.clone();
    let name = person.display_name.clone();
    let status = if person.disabled {
        view! {
            <span class="status status-disabled">
                <span aria-hidden="true">"⛔ "</span>
                {t!(i18n, people.disabled)}
            </span>
        }
        .into_any()
    } else {
        view! {
            <span class="status status-active">
                <span aria-hidden="true">"✔ "</span>
                {t!(i18n, people.active)}
            </span>
        }
        .into_any()
    };
    let toggle = if person.disabled {
        view! {
            <button
                type="button"
                class="button"
                on:click=move |_| {
                    disable.dispatch(SetUserDisabled { user, disabled: false });
                }
            >
                {t!(i18n, people.enable)}
            </button>
        }
        .into_any()
    } else {
        let asked = name.clone();
        view! {
            <button type="button" class="button" on:click=move |_| confirming.set(true)>
                {t!(i18n, people.disable)}
            </button>
            <Show when=move || confirming.get()>
                <p role="alertdialog" class="confirm">
                    <strong>{asked.clone()}</strong> ": " {t!(i18n, people.confirm_disable)} " "
                    <button
                        type="button"
                        class="button danger"
                        on:click=move |_| {
                            confirming.set(false);
                            disable.dispatch(SetUserDisabled { user, disabled: true });
                        }
                    >
                        {t!(i18n, people.disable)}
                    </button>
                    <button type="button" class="button" on:click=move |_| confirming.set(false)>
                        {t!(i18n, people.cancel)}
                    </button>
                </p>
            </Show>
        }
        .into_any()
    };
    view! {
        <li class="card person" data-username=person.username.clone()>
            <h2>{person.display_name.clone()} " " <small class="muted">{person.username.clone()}</small></h2>
            <p>{status}</p>
            <p class="actions">
                {toggle}
                <button
                    type="button"
                    class="button secondary"
                    on:click=move |_| {
                        unlock.dispatch(UnlockAccount { username: username.clone() });
                    }
                >
                    {t!(i18n, people.unlock)}
                </button>
                <button
                    type="button"
                    class="button secondary"
                    on:click=move |_| {
                        resend.dispatch(InviteUser { username: username2.clone() });
                    }
                >
                    {t!(i18n, people.resend)}
                </button>
                {is_staff.then(|| view! {
                    <button
                        type="button"
                        class="button secondary"
                        on:click=move |_| {
                            asked_reset.set(true);
                            reset.dispatch(ResetSecondFactor { user });
                        }
                    >
                        {t!(i18n, people.reset_second_factor)}
                    </button>
                })}
            </p>
            <Show when=move || asked_reset.get() && !reset.pending().get() && matches!(reset.value().get(), Some(Ok(())))>
                <p class="success" role="status">{t!(i18n, people.second_factor_reset)}</p>
            </Show>
            {(!person.memberships.is_empty())
                .then(|| {
                    view! {
                        <h3>{t!(i18n, people.memberships)}</h3>
                        <ul>
                            {person
                                .memberships
                                .into_iter()
                                .map(|m| view! { <MembershipItem m today end /> })
                                .collect_view()}
                        </ul>
                    }
                })}
            {(!person.guardianships.is_empty())
                .then(|| {
                    view! {
                        <h3>{t!(i18n, people.guardianships)}</h3>
                        <ul>
                            {person
                                .guardianships
                                .into_iter()
                                .map(|g| view! { <GuardianshipItem g guardian=user today end_guardianship /> })
                                .collect_view()}
                        </ul>
                    }
                })}
        </li>
    }
}

#[component]
fn GuardianshipItem(
    g: GuardianshipRow,
    guardian: UserId,
    today: Date,
    end_guardianship: ServerAction<EndGuardianship>,
) -> impl IntoView {
    let i18n = use_i18n();
    let child_name = g
        .child_name
        .clone()
        .unwrap_or_else(|| t_string!(i18n, people.child_hidden).to_string());
    let custody = if g.has_custody {
        t_string!(i18n, people.custody)
    } else {
        t_string!(i18n, people.no_custody)
    };
    let until = g.ends_on.map(|day| {
        view! { " · " {t!(i18n, people.to)} " " {format_date(day)} }
    });
    // Only a caller who may see the child (its unit's leader) knows which child it is, and so
    // can end the guardianship here; the administrator uses the guardians import.
    let form = g.child.map(|child| {
        let field = format!("end-guardianship-{guardian}-{child}");
        let stops = RwSignal::new(today.to_string());
        let submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let Some(stops_on) = parse_day(&stops.get_untracked()) {
                end_guardianship.dispatch(EndGuardianship {
                    input: EndGuardianshipInput {
                        guardian,
                        child,
                        stops_on,
                    },
                });
            }
        };
        view! {
            <form class="end-form" on:submit=submit>
                <label for=field.clone()>{t!(i18n, people.end_date)}</label>
                <input
                    id=field
                    type="date"
                    min=today.to_string()
                    prop:value=move || stops.get()
                    on:input=move |ev| stops.set(event_target_value(&ev))
                />
                <button type="submit" class="button">{t!(i18n, people.end)}</button>
            </form>
        }
    });
    view! {
        <li>
            {child_name} ": " {custody}
            {g.address_protected.then(|| view! { " · " {t!(i18n, people.protected)} })}
            {until}
            {form}
        </li>
    }
}

#[component]
fn MembershipItem(
    m: MembershipRow,
    today: Date,
    end: ServerAction<EndMembership>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = format!("end-{}", m.id);
    let stops = RwSignal::new(today.to_string());
    let membership = m.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(stops_on) = parse_day(&stops.get_untracked()) {
            end.dispatch(EndMembership {
                input: EndMembershipInput {
                    membership,
                    stops_on,
                },
            });
        }
    };
    let until = match m.ends_on {
        Some(day) => format_date(day),
        None => t_string!(i18n, people.until_further).to_string(),
    };
    view! {
        <li>
            {move || crate::components::role_word(i18n, m.role)} ", " {m.place} " · " {t!(i18n, people.from)} " "
            {format_date(m.starts_on)} " " {t!(i18n, people.to)} " " {until}
            <form class="end-form" on:submit=submit>
                <label for=field.clone()>{t!(i18n, people.end_date)}</label>
                <input
                    id=field
                    type="date"
                    min=today.to_string()
                    prop:value=move || stops.get()
                    on:input=move |ev| stops.set(event_target_value(&ev))
                />
                <button type="submit" class="button">{t!(i18n, people.end)}</button>
            </form>
        </li>
    }
}

/// The unit leader invites a specialist to one child's case (a child named on the page).
#[component]
fn SpecialistForm(
    page: crate::org::people::PeoplePage,
    action: ServerAction<InviteSpecialist>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mut children: Vec<(crate::domain::ChildId, String)> = page
        .people
        .iter()
        .flat_map(|p| &p.guardianships)
        .filter_map(|g| Some((g.child?, g.child_name.clone()?)))
        .collect();
    children.sort_by(|a, b| a.1.cmp(&b.1));
    children.dedup();
    if children.is_empty() {
        return None;
    }
    let child = RwSignal::new(children[0].0.to_string());
    let specialist = RwSignal::new(String::new());
    let until = RwSignal::new(page.today.to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(child), Some(ends_on)) = (
            child.get_untracked().parse(),
            parse_day(&until.get_untracked()),
        ) else {
            return;
        };
        action.dispatch(InviteSpecialist {
            input: InviteSpecialistInput {
                child,
                specialist: specialist.get_untracked(),
                ends_on,
            },
        });
    };
    Some(view! {
        <section class="card">
            <h2>{t!(i18n, people.invite_specialist)}</h2>
            <form class="invite-form" on:submit=submit>
                <label for="specialist-child">{t!(i18n, people.child_id)}</label>
                <select id="specialist-child" on:change=move |ev| child.set(event_target_value(&ev))>
                    {children
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                        .collect_view()}
                </select>
                <label for="specialist-username">{t!(i18n, people.specialist_username)}</label>
                <input
                    id="specialist-username"
                    type="text"
                    autocomplete="off"
                    autocapitalize="none"
                    maxlength="64"
                    prop:value=move || specialist.get()
                    on:input=move |ev| specialist.set(event_target_value(&ev))
                />
                <label for="specialist-until">{t!(i18n, people.until)}</label>
                <input
                    id="specialist-until"
                    type="date"
                    min=page.today.to_string()
                    prop:value=move || until.get()
                    on:input=move |ev| until.set(event_target_value(&ev))
                />
                <button type="submit" class="button">{t!(i18n, people.invite)}</button>
            </form>
        </section>
    })
}
