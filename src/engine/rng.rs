//! Per-path random streams: a named, portable generator seeded from (scenario seed, path, stream).
//!
//! Every path owns its streams, so results never depend on which thread ran the path or how the
//! path range was split. Stream 0 drives the dynamics; each `[uncertainty]` parameter draws from a
//! stream keyed by a hash of its dotted name, so adding or removing one never shifts the others.

use rand::SeedableRng;

/// The generator behind every stream.
pub type PathRng = rand::rngs::Xoshiro256PlusPlus;

/// Human name of the generator and seeding scheme, written into every summary.
pub const GENERATOR_NAME: &str =
    "xoshiro256++ seeded by splitmix64(seed, path, stream); normals from 8 interleaved lanes";

/// Stream id of the model dynamics (uniforms, and the rare slow path of the normal sampler).
pub const DYNAMICS_STREAM: u64 = 0;

/// Stream ids of the eight lanes that feed the normal sampler (see [`super::lanes`]): the ASCII
/// bytes of "normal_0" … "normal_7", far from the small ids and unlikely for a 64-bit name hash.
pub const NORMAL_LANE_STREAMS: [u64; 8] = {
    let base = u64::from_be_bytes(*b"normal_0");
    let mut ids = [0; 8];
    let mut l = 0;
    while l < 8 {
        ids[l] = base + l as u64;
        l += 1;
    }
    ids
};

/// The SplitMix64 output function (a bijective 64-bit mixer).
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The 256-bit xoshiro state for `(seed, path, stream)`: a key mixed from the three, expanded by
/// SplitMix64 (never all zero: SplitMix64 is a bijection, so at most one word is zero).
pub fn state_words(seed: u64, path: u64, stream: u64) -> [u64; 4] {
    let key = mix(mix(mix(seed.wrapping_add(GOLDEN)) ^ path).wrapping_add(GOLDEN) ^ stream);
    let mut s = key;
    [0; 4].map(|_| {
        s = s.wrapping_add(GOLDEN);
        mix(s)
    })
}

/// The generator for `(seed, path, stream)`, with the state of [`state_words`].
pub fn stream(seed: u64, path: u64, stream: u64) -> PathRng {
    let mut bytes = [0u8; 32];
    for (chunk, w) in bytes
        .chunks_exact_mut(8)
        .zip(state_words(seed, path, stream))
    {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    PathRng::from_seed(bytes)
}

/// Stream id of a named parameter: 64-bit FNV-1a of the name, never equal to [`DYNAMICS_STREAM`]
/// or one of [`NORMAL_LANE_STREAMS`].
pub fn stream_id(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Never the dynamics stream or a normal lane (a 1 in 2^61 event, made impossible).
    if h == DYNAMICS_STREAM || NORMAL_LANE_STREAMS.contains(&h) {
        h = h.wrapping_add(9);
    }
    h
}

/// A uniform number in [0, 1) from the top 53 bits of one `u64`.
#[inline]
pub fn uniform<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_are_distinct_and_repeatable() {
        let a: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(stream(1, 2, 0), |r, _: u64| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(stream(1, 2, 0), |r, _: u64| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        let mut firsts = std::collections::HashSet::new();
        for seed in 0..4 {
            for path in 0..64 {
                for s in 0..4 {
                    assert!(firsts.insert(stream(seed, path, s).next_u64()));
                }
            }
        }
    }

    #[test]
    fn uniform_in_unit_interval() {
        let mut r = stream(7, 0, 0);
        for _ in 0..10_000 {
            let u = uniform(&mut r);
            assert!((0.0..1.0).contains(&u));
        }
    }

    #[test]
    fn stream_ids_avoid_dynamics() {
        assert_ne!(stream_id(""), DYNAMICS_STREAM);
        assert_ne!(stream_id("response.bass_q"), stream_id("response.bass_p"));
    }
}
