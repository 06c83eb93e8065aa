//! One stable hash (64-bit FNV-1a) for name keys, texts and word sets.

/// A 64-bit FNV-1a hash of a folded key: stable across runs and platforms, so an index
/// built from it is deterministic.
pub fn key_hash(key: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = FnvHasher::default();
    h.write(key.as_bytes());
    h.finish()
}

/// FNV-1a as a [`std::hash::Hasher`], for small hash sets of words (faster than SipHash;
/// these sets hold text, never untrusted keys chosen to collide).
#[derive(Debug, Clone, Copy)]
pub struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
