//! The random IV every seal needs (SECURITY O2), kept apart from WebCrypto so the refusal can
//! be tested natively. AES-GCM under one key with a repeated IV gives away the XOR of the two
//! plaintexts and lets the tag be forged, so a seal without a fresh random IV never happens.

/// AES-GCM's recommended IV length.
pub const IV_BYTES: usize = 12;

/// No random bytes could be had: the item stays unsent in memory and is not written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoRandom;

/// An IV filled by `fill` (the browser's `crypto.getRandomValues`). A fill that fails, or that
/// reports success but leaves all twelve bytes zero (a broken or stubbed source; a real one
/// does that once in 2^96), is refused instead of sealing under a fixed IV.
pub fn fresh_iv<E>(
    fill: impl FnOnce(&mut [u8; IV_BYTES]) -> Result<(), E>,
) -> Result<[u8; IV_BYTES], NoRandom> {
    let mut iv = [0u8; IV_BYTES];
    fill(&mut iv).map_err(|_| NoRandom)?;
    if iv.iter().all(|b| *b == 0) {
        return Err(NoRandom);
    }
    Ok(iv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_working_source_gives_its_bytes() {
        let iv = fresh_iv::<()>(|b| {
            b.copy_from_slice(&[7; IV_BYTES]);
            Ok(())
        });
        assert_eq!(iv, Ok([7; IV_BYTES]));
    }

    #[test]
    fn a_failing_source_refuses_to_seal_rather_than_use_a_zero_iv() {
        assert_eq!(fresh_iv(|_| Err("getRandomValues threw")), Err(NoRandom));
    }

    #[test]
    fn a_source_that_writes_nothing_is_refused_too() {
        assert_eq!(fresh_iv::<()>(|_| Ok(())), Err(NoRandom));
    }

    #[test]
    fn a_failing_source_that_wrote_something_is_still_refused() {
        let iv = fresh_iv(|b| {
            b[0] = 1;
            Err("quota")
        });
        assert_eq!(iv, Err(NoRandom));
    }
}
