//! Sealing the outbox with WebCrypto AES-GCM (SECURITY O2). The key comes from the server
//! through the signed-in session, is imported as non-extractable and lives in memory only: a
//! reload, a sign-out or the next person on the tablet finds ciphertext and no key.

use base64::Engine;
use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, CryptoKey, SubtleCrypto};

use super::iv::{fresh_iv, IV_BYTES};

fn crypto() -> Result<web_sys::Crypto, JsValue> {
    web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()
}

fn subtle() -> Result<SubtleCrypto, JsValue> {
    Ok(crypto()?.subtle())
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

/// Bytes from the browser's cryptographic random source, or its error: never a zeroed array.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], JsValue> {
    let mut bytes = [0u8; N];
    crypto()?.get_random_values_with_u8_array(&mut bytes)?;
    Ok(bytes)
}

pub async fn import_key(raw_base64: &str) -> Result<CryptoKey, JsValue> {
    let raw = b64()
        .decode(raw_base64)
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let data = Uint8Array::from(raw.as_slice());
    let algorithm = Object::new();
    js_sys::Reflect::set(&algorithm, &"name".into(), &"AES-GCM".into())?;
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let promise = subtle()?.import_key_with_object("raw", &data, &algorithm, false, &usages)?;
    JsFuture::from(promise).await?.dyn_into::<CryptoKey>()
}

/// `base64(iv || ciphertext)`, a fresh random IV each time. Without random bytes it refuses
/// (an error, nothing written) rather than seal under a fixed IV.
pub async fn seal(key: &CryptoKey, plain: &[u8]) -> Result<String, JsValue> {
    let mut iv = fresh_iv(|buf| crypto()?.get_random_values_with_u8_array(buf).map(|_| ()))
        .map_err(|_| JsValue::from_str("no random IV: the outbox is not sealed"))?;
    let params = AesGcmParams::new_with_u8_slice("AES-GCM", &mut iv);
    let promise = subtle()?.encrypt_with_object_and_u8_array(&params, key, plain)?;
    let sealed = Uint8Array::new(&JsFuture::from(promise).await?).to_vec();
    let mut out = iv.to_vec();
    out.extend(sealed);
    Ok(b64().encode(out))
}

/// Opens what [`seal`] made; fails for another user's key or tampered data.
pub async fn open(key: &CryptoKey, sealed: &str) -> Result<Vec<u8>, JsValue> {
    let bytes = b64()
        .decode(sealed)
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    if bytes.len() <= IV_BYTES {
        return Err(JsValue::from_str("sealed data too short"));
    }
    let (iv, data) = bytes.split_at(IV_BYTES);
    let mut iv = iv.to_vec();
    let params = AesGcmParams::new_with_u8_slice("AES-GCM", &mut iv);
    let promise = subtle()?.decrypt_with_object_and_u8_array(&params, key, data)?;
    Ok(Uint8Array::new(&JsFuture::from(promise).await?).to_vec())
}
