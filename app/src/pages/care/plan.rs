//! One action plan in SMTTE form. Staff write it with the parents on a tablet — every save a new
//! version, two tablets never overwrite each other silently — and see the parents' own view and
//! when they read it; parents see `plan_parent`.

use super::meeting::Conflict;
use super::plan_parent::ParentPlanView;
use crate::care::plans::{get_plan, SaveActionPlan};
use crate::care::PlanPage;
use crate::components::{
    format_date, load_by_id, plan_field_word, plan_status_word, use_route_id, ErrorMessage,
    PageShell,
};
use crate::domain::{ChildId, MeetingId, PlanActionForm, PlanForm, PlanId, PlanStatus};
use crate::error::AppError;
use crate::i18n::*;
use crate::wire::care::{SavePlan, StaffPlan};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PlanPageView() -> impl IntoView {
    let plan = use_route_id::<PlanId>();
    let page = load_by_id(plan, get_plan);
    view! {
        <PageShell resource=page let:page>
            {match page {
                PlanPage::Staff(p) => view! { <StaffPlanView p /> }.into_any(),
                PlanPage::Parent(p) => view! { <ParentPlanView p /> }.into_any(),
            }}
        </PageShell>
    }
    .into_any()
}

/// A new plan, for the child (and meeting, or earlier plan) named in the address.
#[component]
pub fn NewPlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let read = move |key: &str| query.read_untracked().get(key);
    let child = read("child").and_then(|c| c.parse::<ChildId>().ok());
    let meeting = read("meeting").and_then(|m| m.parse::<MeetingId>().ok());
    let follows = read("follows").and_then(|p| p.parse::<PlanId>().ok());
    match child {
        Some(child) => view! {
            <p><a href=format!("/children/{child}") class="back-link">"← " {t!(i18n, meeting.back_to_child)}</a></p>
            <h1>{t!(i18n, plan.new_title)}</h1>
            <PlanEditor child plan=None version=0 status=PlanStatus::Active
                form=PlanForm { actions: vec![PlanActionForm::default()], ..PlanForm::default() }
                meeting follows />
        }
        .into_any(),
        None => view! { <ErrorMessage error=AppError::NotFound /> }.into_any(),
    }
}

fn form_of(p: &StaffPlan) -> PlanForm {
    let c = &p.content;
    PlanForm {
        context: c.context.clone(),
        goals: c.goals.clone(),
        actions: c
            .actions
            .iter()
            .map(|a| PlanActionForm {
                what: a.what.clone(),
                who: a.who.clone(),
                by: a.by.map(|d| d.to_string()).unwrap_or_default(),
            })
            .collect(),
        signs: c.signs.clone(),
        evaluate_on: c.evaluate_on.to_string(),
        evaluation: c.evaluation.clone(),
    }
}

#[component]
fn StaffPlanView(p: StaffPlan) -> impl IntoView {
    let i18n = use_i18n();
    let status = p.status;
    let versions = p.versions.clone();
    let parents = p.parents.clone();
    view! {
        <p><a href=format!("/children/{}", p.child) class="back-link">"← " {t!(i18n, meeting.back_to_child)}</a></p>
        <h1>{t!(i18n, plan.title)} ": " <bdi>{p.child_name.clone()}</bdi></h1>
        <p>
            <span class="care-status" data-testid="plan-status">{move || plan_status_word(i18n, status)}</span>
            " · " {t!(i18n, plan.version)} " " {p.version}
            " · " {t!(i18n, meeting.deleted_on)} " " {format_date(p.deleted_on)}
            {p.overdue.then(|| view! { " " <span class="overdue">"⚠ " {t!(i18n, plan.overdue)}</span> })}
        </p>
        {p.meeting.map(|m| view! { <p><a href=format!("/meetings/{m}")>{t!(i18n, plan.from_meeting)}</a></p> })}
        {p.follows.map(|f| view! { <p><a href=format!("/plans/{f}")>{t!(i18n, plan.follows)}</a></p> })}
        {if p.may_hold && status != PlanStatus::Closed {
            view! {
                <PlanEditor child=p.child plan=Some(p.id) version=p.version status form=form_of(&p)
                    meeting=None follows=None />
            }.into_any()
        } else {
            view! { <super::plan_parent::PlanText content=p.content.clone() /> }.into_any()
        }}
        {(p.may_hold && status != PlanStatus::Active).then(|| view! {
            <a class="button" href=format!("/plans/new?child={}&follows={}", p.child, p.id)>{t!(i18n, plan.next_plan)}</a>
        })}
        <section class="card" aria-labelledby="plan-parents">
            <h2 id="plan-parents">{t!(i18n, plan.parents)}</h2>
            {parents.is_empty().then(|| view! { <p class="empty">{t!(i18n, plan.no_parent_yet)}</p> })}
            <ul class="care-list" data-testid="plan-parents">
                {parents.into_iter().map(|a| view! {
                    <li>
                        <bdi>{a.name.clone()}</bdi>
                        {a.read_on.map(|d| view! {
                            " – " {t!(i18n, plan.read_on)} " " {format_date(d)}
                            {(!a.read_current).then(|| view! { " (" {t!(i18n, plan.read_older)} ")" })}
                        })}
                        {(!a.own_view.is_empty()).then(|| view! {
                            <blockquote dir="auto">{a.own_view.clone()}</blockquote>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="card" aria-labelledby="plan-versions">
            <h2 id="plan-versions">{t!(i18n, plan.versions)}</h2>
            <ol class="care-list" data-testid="plan-versions">
                {versions.into_iter().map(|v| {
                    let changed = v.changed.clone();
                    let vstatus = v.status;
                    view! {
                        <li>
                            {t!(i18n, plan.version)} " " {v.version} " · " {format_date(v.changed_on)} " · "
                            <bdi>{v.changed_by.clone()}</bdi> " " {t!(i18n, plan.changed)} ": "
                            {move || changed.iter().map(|f| plan_field_word(i18n, f)).collect::<Vec<_>>().join(", ")}
                            " (" {move || plan_status_word(i18n, vstatus)} ")"
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// The SMTTE form. Saves version `version + 1` of `plan`, or a new plan.
#[component]
fn PlanEditor(
    child: ChildId,
    plan: Option<PlanId>,
    version: u32,
    status: PlanStatus,
    form: PlanForm,
    meeting: Option<MeetingId>,
    follows: Option<PlanId>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveActionPlan>::new();
    let version = RwSignal::new(version);
    let chosen_status = RwSignal::new(status);
    let context = RwSignal::new(form.context);
    let goals = RwSignal::new(form.goals);
    let signs = RwSignal::new(form.signs);
    let evaluate_on = RwSignal::new(form.evaluate_on);
    let evaluation = RwSignal::new(form.evaluation);
    let actions = RwSignal::new(form.actions);
    let newer = RwSignal::new(None::<Vec<String>>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) if plan.is_none() => {
            crate::components::leave_to(&format!("/plans/{}", saved.plan));
        }
        Some(Ok(saved)) => {
            version.set(saved.version);
            newer.set(None);
        }
        Some(Err(AppError::Conflict { .. })) => {
            if let Some(id) = plan {
                leptos::task::spawn_local(async move {
                    if let Ok(PlanPage::Staff(current)) = get_plan(id).await {
                        version.set(current.version);
                        let c = current.content;
                        let acts = c.actions.iter().map(|a| format!("{} – {}", a.what, a.who));
                        let mut texts = vec![c.context, c.goals];
                        texts.extend(acts);
                        texts.extend([c.signs, c.evaluation]);
                        newer.set(Some(texts));
                    }
                });
            }
        }
        _ => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveActionPlan {
            input: SavePlan {
                child,
                plan,
                version: version.get_untracked(),
                status: chosen_status.get_untracked(),
                form: PlanForm {
                    context: context.get_untracked(),
                    goals: goals.get_untracked(),
                    actions: actions.get_untracked(),
                    signs: signs.get_untracked(),
                    evaluate_on: evaluate_on.get_untracked(),
                    evaluation: evaluation.get_untracked(),
                },
                meeting,
                follows,
            },
        });
    };
    let text_area = move |id: &'static str, value: RwSignal<String>| {
        view! {
            <textarea id=id rows="3" maxlength="4000" dir="auto"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
    };
    let statuses: Vec<PlanStatus> = [
        PlanStatus::Active,
        PlanStatus::Evaluated,
        PlanStatus::Closed,
    ]
    .into_iter()
    .filter(|s| status.may_become(*s))
    .collect();
    view! {
        <form class="card care-form smtte" on:submit=submit>
            <label for="plan-context">{t!(i18n, plan.context)}</label>
            <p class="hint">{t!(i18n, plan.context_hint)}</p>
            {text_area("plan-context", context)}
            <label for="plan-goals">{t!(i18n, plan.goals)}</label>
            <p class="hint">{t!(i18n, plan.goals_hint)}</p>
            {text_area("plan-goals", goals)}
            <fieldset>
                <legend>{t!(i18n, plan.actions)}</legend>
                {move || (0..actions.with(Vec::len)).map(|i| view! { <ActionRow actions i /> }).collect_view()}
                <button type="button" class="button" on:click=move |_| actions.update(|a| a.push(PlanActionForm::default()))>
                    "+ " {t!(i18n, plan.add_action)}
                </button>
            </fieldset>
            <label for="plan-signs">{t!(i18n, plan.signs)}</label>
            <p class="hint">{t!(i18n, plan.signs_hint)}</p>
            {text_area("plan-signs", signs)}
            <label for="plan-evaluate-on">{t!(i18n, plan.evaluate_on)}</label>
            <input id="plan-evaluate-on" type="date" prop:value=move || evaluate_on.get()
                on:input=move |ev| evaluate_on.set(event_target_value(&ev)) />
            {plan.is_some().then(|| view! {
                <label for="plan-evaluation">{t!(i18n, plan.evaluation)}</label>
                <p class="hint">{t!(i18n, plan.evaluation_hint)}</p>
                {text_area("plan-evaluation", evaluation)}
                <label for="plan-status">{t!(i18n, plan.status)}</label>
                <select id="plan-status" on:change=move |ev| {
                    if let Some(s) = PlanStatus::parse(&event_target_value(&ev)) {
                        chosen_status.set(s);
                    }
                }>
                    {statuses.iter().map(|s| {
                        let s = *s;
                        view! {
                            <option value=s.code() selected=s == status>{move || plan_status_word(i18n, s)}</option>
                        }
                    }).collect_view()}
                </select>
            })}
            {move || match save.value().get() {
                Some(Ok(saved)) => view! {
                    <p class="success" role="status">{t!(i18n, plan.saved)} " " {saved.version}</p>
                }.into_any(),
                Some(Err(AppError::Conflict { .. })) => view! { <Conflict newer /> }.into_any(),
                Some(Err(error)) => view! { <ErrorMessage error /> }.into_any(),
                None => ().into_any(),
            }}
            <button type="submit" class="button primary" data-testid="save-plan"
                disabled=move || save.pending().get()>
                {move || if plan.is_some() {
                    t_string!(i18n, plan.save).to_string()
                } else {
                    t_string!(i18n, plan.create).to_string()
                }}
            </button>
        </form>
    }
    .into_any()
}

/// One action: what, who (required), by when.
#[component]
fn ActionRow(actions: RwSignal<Vec<PlanActionForm>>, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let get = move |f: fn(&PlanActionForm) -> String| {
        move || actions.with(|a| a.get(i).map(f).unwrap_or_default())
    };
    let set = move |f: fn(&mut PlanActionForm, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            actions.update(|a| {
                if let Some(row) = a.get_mut(i) {
                    f(row, value);
                }
            });
        }
    };
    let (what, who, by) = (
        format!("action-{i}-what"),
        format!("action-{i}-who"),
        format!("action-{i}-by"),
    );
    view! {
        <div class="action-row">
            <label for=what.clone()>{t!(i18n, plan.what)}</label>
            <input id=what type="text" maxlength="4000" dir="auto" prop:value=get(|a| a.what.clone())
                on:input=set(|a, v| a.what = v) />
            <label for=who.clone()>{t!(i18n, plan.who)}</label>
            <input id=who type="text" maxlength="500" dir="auto" prop:value=get(|a| a.who.clone())
                on:input=set(|a, v| a.who = v) />
            <label for=by.clone()>{t!(i18n, plan.by)}</label>
            <input id=by type="date" prop:value=get(|a| a.by.clone()) on:input=set(|a, v| a.by = v) />
        </div>
    }
    .into_any()
}
