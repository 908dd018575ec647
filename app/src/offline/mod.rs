//! The offline outbox (SECURITY O1–O8). Every assessment write goes here first, sealed on the
//! device, and is sent in order when the server can be reached. The server's idempotency key
//! makes a resend harmless; a conflict or a refusal stays visible until the user deals with it.

#[cfg(feature = "hydrate")]
mod crypto;
#[cfg(any(feature = "hydrate", test))]
mod iv;
mod session;

pub use session::{
    resume_pending_sign_out, sign_out, signed_in, signing_in, use_device_session, DeviceSession,
};

use crate::assessment::{AdhocInput, Draft, IndividualInput, JointInput, Saved};
use crate::domain::{ChildId, IdempotencyKey, Position, RoundId};
use crate::error::{AppError, CurrentAssessment};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One write waiting for the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OutboxWrite {
    Individual(IndividualInput),
    Joint(JointInput),
    Adhoc(AdhocInput),
}

/// What a write is about: a later write about the same replaces an earlier unsent one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxSlot {
    Individual(RoundId, ChildId),
    Joint(RoundId, ChildId),
    Adhoc(IdempotencyKey),
}

impl OutboxWrite {
    pub fn key(&self) -> IdempotencyKey {
        self.draft().key
    }

    pub fn slot(&self) -> OutboxSlot {
        match self {
            OutboxWrite::Individual(i) => OutboxSlot::Individual(i.round, i.draft.child),
            OutboxWrite::Joint(j) => OutboxSlot::Joint(j.round, j.draft.child),
            OutboxWrite::Adhoc(a) => OutboxSlot::Adhoc(a.draft.key),
        }
    }

    pub fn position(&self) -> Position {
        self.draft().position
    }

    /// What the write carries whatever its kind.
    pub fn draft(&self) -> &Draft {
        match self {
            OutboxWrite::Individual(i) => &i.draft,
            OutboxWrite::Joint(j) => &j.draft,
            OutboxWrite::Adhoc(a) => &a.draft,
        }
    }

    fn base_version(&self) -> Option<i64> {
        match self {
            OutboxWrite::Individual(i) => i.base_version,
            OutboxWrite::Joint(j) => j.base_version,
            OutboxWrite::Adhoc(_) => None,
        }
    }

    /// The same write based on another version, under a new key (a key never changes payload).
    fn rebased(&self, version: Option<i64>, key: IdempotencyKey) -> Self {
        let mut w = self.clone();
        match &mut w {
            OutboxWrite::Individual(i) => {
                i.base_version = version;
                i.draft.key = key;
            }
            OutboxWrite::Joint(j) => {
                j.base_version = version;
                j.draft.key = key;
            }
            OutboxWrite::Adhoc(_) => {}
        }
        w
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ItemState {
    /// Not yet on the server.
    Pending,
    /// The server holds a newer version; the user decides.
    Conflict(Option<CurrentAssessment>),
    /// The server refused it for good (e.g. the round closed).
    Refused(AppError),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub write: OutboxWrite,
    pub child_name: String,
    pub state: ItemState,
    /// Sent at least once: the server may already hold it, so it is never silently replaced.
    pub attempted: bool,
}

/// The outbox as the pages see it.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub struct Outbox {
    pub items: RwSignal<Vec<OutboxItem>>,
    /// Whether the last attempt reached the server.
    pub reachable: RwSignal<bool>,
    /// Whether the device keeps the outbox: the key is loaded and the last seal and write
    /// succeeded. False after a seal refused for want of a random IV: what waits is then in
    /// memory only, and the page says so.
    pub sealed: RwSignal<bool>,
    /// Writes the server confirmed, newest last.
    pub confirmed: RwSignal<Vec<(OutboxWrite, Saved)>>,
    syncing: RwSignal<bool>,
    persist_seq: RwSignal<u64>,
    owner: RwSignal<Option<String>>,
    /// The key and the owner's sealed outbox are loaded: sending may start.
    loaded: RwSignal<bool>,
    /// This page signed out or locked: nothing is loaded again until a full page load.
    closed: RwSignal<bool>,
}

pub fn provide_outbox() {
    provide_context(Outbox {
        items: RwSignal::new(vec![]),
        reachable: RwSignal::new(true),
        sealed: RwSignal::new(false),
        confirmed: RwSignal::new(vec![]),
        syncing: RwSignal::new(false),
        persist_seq: RwSignal::new(0),
        owner: RwSignal::new(None),
        loaded: RwSignal::new(false),
        closed: RwSignal::new(false),
    });
    session::provide_device_session();
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

/// A fresh idempotency key for a write made on this device.
pub fn new_key() -> IdempotencyKey {
    #[cfg(feature = "hydrate")]
    {
        // A key must be unique, not secret: without the random source the clock and
        // Math.random still make a repeat unlikely, and a repeat is refused by the server
        // (KeyReused), never stored twice.
        IdempotencyKey::from_bytes(crypto::random_bytes::<16>().unwrap_or_else(|_| {
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&js_sys::Date::now().to_bits().to_le_bytes());
            let noise = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
            bytes[8..].copy_from_slice(&noise.to_le_bytes());
            bytes
        }))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        IdempotencyKey::from_bytes([0; 16])
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    static KEY: std::cell::RefCell<Option<web_sys::CryptoKey>> = const { std::cell::RefCell::new(None) };
}

const STORAGE_PREFIX: &str = "tvaers.outbox.v1.";

impl Outbox {
    /// The item waiting in this slot, if any.
    pub fn waiting_for(&self, slot: OutboxSlot) -> Option<OutboxItem> {
        self.items
            .read()
            .iter()
            .rev()
            .find(|i| i.write.slot() == slot)
            .cloned()
    }

    /// Loads the key and the sealed outbox of the signed-in user, then sends what waits.
    /// Called once the page runs in the browser.
    pub fn start(self) {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            if self.closed.get_untracked() {
                return;
            }
            if self.owner.get_untracked().is_some() {
                self.sync().await;
                return;
            }
            let Ok(Some(me)) = crate::auth::whoami().await else {
                return;
            };
            let Ok(raw) = crate::assessment::planning::get_outbox_key().await else {
                return;
            };
            let Ok(key) = crypto::import_key(&raw).await else {
                return;
            };
            // Signed out while the key was on its way: it is never kept.
            if self.closed.get_untracked() {
                return;
            }
            KEY.with(|k| *k.borrow_mut() = Some(key.clone()));
            self.owner.set(Some(me.username.clone()));
            ask_for_persistent_storage();
            let stored: Option<String> =
                <gloo_storage::LocalStorage as gloo_storage::Storage>::get(storage_key(
                    &me.username,
                ))
                .ok();
            if let Some(sealed) = stored {
                let opened = crypto::open(&key, &sealed).await;
                if self.closed.get_untracked() {
                    return;
                }
                if let Ok(plain) = opened {
                    if let Ok(saved) = serde_json::from_slice::<Vec<OutboxItem>>(&plain) {
                        self.items.update(|now| {
                            let mut merged = saved;
                            merged.retain(|s| !now.iter().any(|n| n.write.key() == s.write.key()));
                            merged.append(now);
                            *now = merged;
                        });
                    }
                }
            }
            self.sealed.set(true);
            self.loaded.set(true);
            self.persist();
            listen_for_network(self);
            self.sync().await;
        });
    }

    /// Puts a write in the outbox (replacing an unsent one about the same) and tries to send.
    pub fn push(self, write: OutboxWrite, child_name: String) {
        let slot = write.slot();
        self.items.update(|items| {
            items.retain(|i| i.write.slot() != slot || i.attempted);
            items.push(OutboxItem {
                write,
                child_name,
                state: ItemState::Pending,
                attempted: false,
            });
        });
        self.persist();
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move { self.sync().await });
    }

    /// The user keeps their own version over the server's: send it again based on that one.
    pub fn keep_mine(self, key: IdempotencyKey, server_version: Option<i64>) {
        self.items.update(|items| {
            if let Some(item) = items.iter_mut().find(|i| i.write.key() == key) {
                item.write = item.write.rebased(server_version, new_key());
                item.state = ItemState::Pending;
                item.attempted = false;
            }
        });
        self.persist();
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move { self.sync().await });
    }

    /// The user drops their write (the server's version stands, or the write was refused).
    pub fn discard(self, key: IdempotencyKey) {
        self.items
            .update(|items| items.retain(|i| i.write.key() != key));
        self.persist();
    }

    /// Sends every pending item in order. A conflict or refusal is marked and the next item
    /// goes on (O8); an unreachable server stops the pass until the network returns.
    pub async fn sync(self) {
        if self.syncing.get_untracked() || !self.loaded.get_untracked() {
            return;
        }
        self.syncing.set(true);
        // Items pushed while this pass runs are picked up by it (their own sync call returned
        // at once); each key is tried once per pass so a passing error cannot spin.
        let mut tried: Vec<IdempotencyKey> = Vec::new();
        while let Some(item) = self.items.with_untracked(|items| {
            items
                .iter()
                .find(|i| i.state == ItemState::Pending && !tried.contains(&i.write.key()))
                .cloned()
        }) {
            let key = item.write.key();
            tried.push(key);
            self.items.update(|items| {
                if let Some(i) = items.iter_mut().find(|i| i.write.key() == key) {
                    i.attempted = true;
                }
            });
            let result = send(&item.write).await;
            if self.closed.get_untracked() {
                // Signed out meanwhile: the items are gone from memory; what the server
                // answered is not brought back (a resend is answered from its key, O5).
                break;
            }
            match result {
                Ok(saved) => {
                    self.reachable.set(true);
                    self.items.update(|items| {
                        items.retain(|i| i.write.key() != key);
                        // A later unsent edit of the same thing now builds on this version.
                        for later in items.iter_mut().filter(|i| {
                            !i.attempted
                                && i.write.slot() == item.write.slot()
                                && i.write.base_version() == item.write.base_version()
                        }) {
                            later.write = later.write.rebased(Some(saved.version), new_key());
                        }
                    });
                    self.confirmed
                        .update(|c| c.push((item.write.clone(), saved)));
                }
                Err(AppError::Unreachable) => {
                    self.reachable.set(false);
                    break;
                }
                Err(AppError::Unauthenticated) => break,
                Err(AppError::Internal) => {
                    // Possibly passing (a restart, a busy database): stays pending for the
                    // next pass, the rest goes on.
                    self.reachable.set(true);
                }
                Err(AppError::Conflict { current }) => {
                    self.reachable.set(true);
                    self.set_state(key, ItemState::Conflict(current));
                }
                Err(other) => {
                    self.reachable.set(true);
                    self.set_state(key, ItemState::Refused(other));
                }
            }
            self.persist();
        }
        self.syncing.set(false);
    }

    fn set_state(self, key: IdempotencyKey, state: ItemState) {
        self.items.update(|items| {
            if let Some(i) = items.iter_mut().find(|i| i.write.key() == key) {
                i.state = state;
            }
        });
    }

    /// Seals the outbox and writes it to the device. Writes finishing out of order never put
    /// an older state over a newer one.
    fn persist(self) {
        #[cfg(feature = "hydrate")]
        {
            self.persist_seq.update(|s| *s += 1);
            let seq = self.persist_seq.get_untracked();
            let items = self.items.get_untracked();
            leptos::task::spawn_local(async move { self.store(items, seq).await });
        }
    }

    /// Seals `items` and writes them, unless a newer write started meanwhile. A seal refused
    /// (no random IV) or a write refused (storage full) writes nothing and marks the outbox as
    /// not kept on the device: the items stay in memory, pending, and the page says so.
    #[cfg(feature = "hydrate")]
    async fn store(self, items: Vec<OutboxItem>, seq: u64) {
        let (Some(owner), Some(key)) =
            (self.owner.get_untracked(), KEY.with(|k| k.borrow().clone()))
        else {
            return;
        };
        let Ok(plain) = serde_json::to_vec(&items) else {
            return;
        };
        let sealed = crypto::seal(&key, &plain).await;
        if self.persist_seq.get_untracked() != seq {
            return;
        }
        let kept = sealed.is_ok_and(|sealed| {
            <gloo_storage::LocalStorage as gloo_storage::Storage>::set(storage_key(&owner), sealed)
                .is_ok()
        });
        self.sealed.set(kept);
    }

    /// Ends this page's hold on the outbox (sign-out, user switch, idle lock; SECURITY O2):
    /// what waits is sealed and written one last time, then the key, the decrypted items and
    /// the confirmed writes are dropped from memory. The sealed outbox stays on the device for
    /// its owner's next sign-in; nothing is loaded again on this page.
    pub async fn close(self) {
        #[cfg(feature = "hydrate")]
        if self.owner.get_untracked().is_some() && !self.closed.get_untracked() {
            self.persist_seq.update(|s| *s += 1);
            let seq = self.persist_seq.get_untracked();
            self.store(self.items.get_untracked(), seq).await;
        }
        self.closed.set(true);
        forget_key();
        self.owner.set(None);
        self.loaded.set(false);
        self.sealed.set(false);
        self.items.set(vec![]);
        self.confirmed.set(vec![]);
    }
}

#[cfg(feature = "hydrate")]
fn storage_key(owner: &str) -> String {
    format!("{STORAGE_PREFIX}{owner}")
}

#[cfg(not(feature = "hydrate"))]
#[allow(dead_code)]
fn storage_key(owner: &str) -> String {
    format!("{STORAGE_PREFIX}{owner}")
}

async fn send(write: &OutboxWrite) -> Result<Saved, AppError> {
    use crate::assessment::save::{save_adhoc, save_individual, set_joint};
    match write.clone() {
        OutboxWrite::Individual(i) => save_individual(i).await,
        OutboxWrite::Joint(j) => set_joint(j).await,
        OutboxWrite::Adhoc(a) => save_adhoc(a).await,
    }
}

/// Forgets the outbox key of this page. The sealed outbox stays for its owner's next sign-in.
fn forget_key() {
    #[cfg(feature = "hydrate")]
    KEY.with(|k| *k.borrow_mut() = None);
}

#[cfg(feature = "hydrate")]
fn ask_for_persistent_storage() {
    // O4: ask the browser not to evict the outbox under storage pressure.
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().storage().persist();
    }
}

#[cfg(feature = "hydrate")]
fn listen_for_network(outbox: Outbox) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let online = Closure::<dyn FnMut()>::new(move || {
        leptos::task::spawn_local(async move { outbox.sync().await });
    });
    let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    online.forget();
    // Some networks come back without an "online" event (a captive Wi-Fi); try now and then.
    let retry = Closure::<dyn FnMut()>::new(move || {
        if outbox
            .items
            .with_untracked(|i| i.iter().any(|i| i.state == ItemState::Pending))
        {
            leptos::task::spawn_local(async move { outbox.sync().await });
        }
    });
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        retry.as_ref().unchecked_ref(),
        15_000,
    );
    retry.forget();
}
