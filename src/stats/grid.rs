//! Bins chosen from a pilot sample: a per-cell partition of the float line whose resolution
//! follows the pilot's density, found by integer arithmetic (no search).
//!
//! **Keys.** Every f64 maps to an order-preserving `u64` key ([`key`]: the bit pattern with
//! the sign bit flipped for positives, all bits flipped for negatives), so equal-width key ranges
//! are about equal ratios of value (log-like), and ranges near zero hold no mass unless the data
//! has some there.
//!
//! **Regions and buckets.** A cell's pilot values span the keys `[kmin, kmax]`, cut into at most
//! [`REGIONS`] regions of `2^C` keys. Region `c` holds `m_c` of the `m` pilot values and gets
//! `2^b_c` equal buckets, the power of two nearest above `m_c·B/m` (`B` = [`GRID_BUCKETS`],
//! at least 1, at most one key per bucket): buckets of about equal pilot mass, `1/B` each,
//! finer where the distribution is narrow (a near-atom inside a wide range gets hundreds of
//! buckets in its region). The slot of `x` is `off_c + ((key − kmin) mod 2^C) >> (C − b_c)`:
//! a subtraction, two shifts and one table load. Integer arithmetic only, so the grid and every
//! slot are the same on every platform.
//!
//! The grid only decides *where* counts are kept; the counts themselves are exact, so the
//! pilot's sampling noise moves bucket bounds, never the counted ranks. A cell's edges
//! `e_0 < e_1 < … < e_{E−1}` (the buckets' bounds as values) define `E + 1` slots: slot 0 holds
//! `x < e_0`, slot `i` holds `e_{i−1} ≤ x < e_i`, slot `E` holds `x ≥ e_{E−1}`; slots 0 and `E`
//! are the tails outside the pilot's range.
//!
//! Cells are independent: [`CellPart::of_sorted`] builds one cell's grid on its own and
//! [`GridSet::push`] appends it, so cells can be built in parallel and pushed in order.

/// Target number of buckets per cell (about equal pilot mass each).
pub const GRID_BUCKETS: u64 = 2048;

/// Most regions of a cell.
pub const REGIONS: u64 = 256;

/// The order-preserving key of `x` (NaN keys sort beyond ±∞; callers skip NaN).
#[inline(always)]
pub fn key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 0 {
        b | (1 << 63)
    } else {
        !b
    }
}

/// The value of key `k` (inverse of [`key`]).
#[inline]
pub fn value_of_key(k: u64) -> f64 {
    if k >> 63 == 1 {
        f64::from_bits(k & !(1 << 63))
    } else {
        f64::from_bits(!k)
    }
}

/// Number of edges `≤ x` (binary search): the slot of `x` given a cell's edges (NaN gives 0).
pub fn slot_of(edges: &[f64], x: f64) -> usize {
    edges.partition_point(|&e| e <= x)
}

/// One cell's grid parameters.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
struct CellGrid {
    /// Smallest key of the pilot.
    kmin: u64,
    /// Last key mapped to a bucket (the end of the bucket holding the pilot's largest key).
    kend: u64,
    /// log2 of the keys per region.
    shift: u32,
    /// First entry of this cell's regions in `GridSet::regions`.
    region_start: usize,
    /// Buckets of the cell (`E − 1`; 0 for a cell without pilot values).
    buckets: usize,
    /// First count slot in the flat count array.
    slot_start: usize,
    /// First entry of this cell's atoms in `GridSet::atoms`.
    atom_start: usize,
}

/// The grids of many cells (see the module docs).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct GridSet {
    cells: Vec<CellGrid>,
    /// Per region: `offset << 8 | level` (slot of its first bucket, and `C − b_c`).
    regions: Vec<u64>,
    /// `(slot, value)` of every bucket whose pilot values were one value seen more than once.
    atoms: Vec<(usize, f64)>,
    total_slots: usize,
}

/// Finds slots in one cell's grid (see [`GridSet::searcher`]).
#[derive(Debug, Clone, Copy)]
pub struct Searcher<'a> {
    g: CellGrid,
    regions: &'a [u64],
}

impl<'a> Searcher<'a> {
    /// The cell's region table (for prefetching).
    #[inline]
    pub fn regions(&self) -> &'a [u64] {
        self.regions
    }

    /// The number of edges `≤ x`.
    #[inline(always)]
    pub fn slot(&self, x: f64) -> usize {
        let k = key(x);
        let g = &self.g;
        if g.buckets == 0 || k < g.kmin || x.is_nan() {
            return 0;
        }
        if k > g.kend {
            return g.buckets + 1;
        }
        let d = k - g.kmin;
        let r = self.regions[(d >> g.shift) as usize];
        let within = d & ((1u64 << g.shift) - 1);
        (r >> 8) as usize + (within >> (r & 0xff)) as usize
    }
}

/// One cell's grid on its own, its tables starting at 0: what [`GridSet::push`] appends. Cells
/// are independent, so their parts can be built in parallel and pushed in order.
#[derive(Debug, Clone, PartialEq)]
pub struct CellPart {
    cell: CellGrid,
    regions: Vec<u64>,
    atoms: Vec<(usize, f64)>,
    slots: usize,
}

impl CellPart {
    /// The grid of one cell's sorted pilot values (finite values only).
    pub fn of_sorted(s: &[f64]) -> Self {
        let (Some(&lo), Some(&hi)) = (s.first(), s.last()) else {
            return CellPart {
                cell: CellGrid::default(),
                regions: Vec::new(),
                atoms: Vec::new(),
                slots: 1,
            };
        };
        let (kmin, kmax) = (key(lo), key(hi));
        let span = kmax - kmin; // keys beyond kmin, < 2^64
        let mut shift = 0u32;
        while shift < 63 && (span >> shift) >= REGIONS {
            shift += 1;
        }
        let count = (span >> shift) as usize + 1;
        let mut mass = vec![0u64; count];
        for &x in s {
            mass[((key(x) - kmin) >> shift) as usize] += 1;
        }
        let m = s.len() as u64;
        let mut offset = 1u64;
        let mut regions = Vec::with_capacity(count);
        for &mc in &mass {
            let want = (mc * GRID_BUCKETS).div_ceil(m).max(1);
            let bits = (64 - (want - 1).leading_zeros()).min(shift);
            regions.push(offset << 8 | u64::from(shift - bits));
            offset += 1 << bits;
        }
        // The last region's buckets stop at the one holding kmax.
        let last = regions[count - 1];
        let level = last & 0xff;
        let within = (span & ((1u64 << shift) - 1)) >> level;
        let buckets = (last >> 8) as usize + within as usize;
        // Never beyond the largest finite value: keys past it are ∞ and NaN.
        let kend = (kmin + ((span >> level) << level)).saturating_add((1u64 << level) - 1);
        let kend = kend.min(key(f64::MAX));
        let cell = CellGrid {
            kmin,
            kend,
            shift,
            buckets,
            ..CellGrid::default()
        };
        // A bucket whose pilot values are one value seen more than once is an atom. The values
        // are sorted, so each bucket's values are one run.
        let search = Searcher {
            g: cell,
            regions: &regions,
        };
        let mut atoms = Vec::new();
        // The run of values s[first..=end] shares `slot`.
        let mut atom = |slot: usize, first: usize, end: usize| {
            if end > first && s[first] == s[end] {
                atoms.push((slot, s[first]));
            }
        };
        let (mut first, mut slot) = (0, search.slot(s[0]));
        for (i, &x) in s.iter().enumerate().skip(1) {
            let here = search.slot(x);
            if here != slot {
                atom(slot, first, i - 1);
                (first, slot) = (i, here);
            }
        }
        atom(slot, first, s.len() - 1);
        CellPart {
            cell,
            regions,
            atoms,
            slots: buckets + 2,
        }
    }
}

impl GridSet {
    /// Grids built cell by cell from each cell's sorted pilot values (finite values only).
    /// Cells are taken one at a time, so a lazy iterator holds one cell's values at once.
    pub fn from_sorted_cells<S: AsRef<[f64]>>(cells: impl IntoIterator<Item = S>) -> Self {
        Self::from_parts(cells.into_iter().map(|s| CellPart::of_sorted(s.as_ref())))
    }

    /// Grids of the cells' parts, in order.
    pub fn from_parts(parts: impl IntoIterator<Item = CellPart>) -> Self {
        let mut g = GridSet::default();
        for p in parts {
            g.push(p);
        }
        g
    }

    /// Append one cell's grid after the cells so far.
    pub fn push(&mut self, part: CellPart) {
        let CellPart {
            mut cell,
            regions,
            atoms,
            slots,
        } = part;
        cell.region_start = self.regions.len();
        cell.slot_start = self.total_slots;
        cell.atom_start = self.atoms.len();
        self.cells.push(cell);
        self.regions.extend(regions);
        self.atoms.extend(atoms);
        self.total_slots += slots;
    }

    /// `(slot, value)` of cell `j`'s atoms: buckets that held one repeated pilot value, whose
    /// quantiles report that value.
    pub fn atoms(&self, j: usize) -> &[(usize, f64)] {
        let start = self.cells[j].atom_start;
        let end = self
            .cells
            .get(j + 1)
            .map_or(self.atoms.len(), |n| n.atom_start);
        &self.atoms[start..end]
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.cells.len()
    }

    /// The slot searcher of cell `j`.
    #[inline]
    pub fn searcher(&self, j: usize) -> Searcher<'_> {
        let g = self.cells[j];
        let end = self
            .cells
            .get(j + 1)
            .map_or(self.regions.len(), |n| n.region_start);
        Searcher {
            g,
            regions: &self.regions[g.region_start..end],
        }
    }

    /// The slot of `x` in cell `j`: the number of its edges `≤ x`.
    #[inline]
    pub fn slot(&self, j: usize, x: f64) -> usize {
        self.searcher(j).slot(x)
    }

    /// Number of edges of cell `j` (`buckets + 1`, 0 without pilot values).
    pub fn edge_count(&self, j: usize) -> usize {
        let b = self.cells[j].buckets;
        if b == 0 {
            0
        } else {
            b + 1
        }
    }

    /// The edges of cell `j` as values, ascending: bucket `i` is `[e_i, e_{i+1})`.
    pub fn edges(&self, j: usize) -> Vec<f64> {
        let g = self.cells[j];
        if g.buckets == 0 {
            return Vec::new();
        }
        let s = self.searcher(j);
        let mut out = Vec::with_capacity(g.buckets + 1);
        for (c, &r) in s.regions.iter().enumerate() {
            let level = r & 0xff;
            let n = 1u64 << (g.shift as u64 - level);
            let base = g.kmin + ((c as u64) << g.shift);
            for b in 0..n {
                if out.len() == g.buckets {
                    break;
                }
                out.push(value_of_key(base + (b << level)));
            }
            if out.len() == g.buckets {
                break;
            }
        }
        out.push(value_of_key(g.kend.saturating_add(1)));
        out
    }

    /// First count slot of cell `j` in the flat count array.
    #[inline]
    pub fn slot_start(&self, j: usize) -> usize {
        self.cells[j].slot_start
    }

    /// Length of the flat count array (all cells' slots).
    pub fn total_slots(&self) -> usize {
        self.total_slots
    }

    /// Heap bytes held.
    pub fn memory_bytes(&self) -> usize {
        self.cells.capacity() * std::mem::size_of::<CellGrid>()
            + self.regions.capacity() * 8
            + self.atoms.capacity() * 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid_of(cells: &[&[f64]]) -> GridSet {
        let sorted: Vec<Vec<f64>> = cells
            .iter()
            .map(|c| {
                let mut v = c.to_vec();
                v.sort_by(f64::total_cmp);
                v
            })
            .collect();
        GridSet::from_sorted_cells(&sorted)
    }

    #[test]
    fn keys_preserve_order_and_invert() {
        let xs = [
            -f64::INFINITY,
            -1e300,
            -2.5,
            -1e-310,
            -0.0,
            0.0,
            1e-310,
            1.0,
            3.0,
            f64::MAX,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(key(w[0]) < key(w[1]), "{} < {}", w[0], w[1]);
        }
        for x in xs {
            assert_eq!(value_of_key(key(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn slots_agree_with_the_edges() {
        let normal: Vec<f64> = (1..4096)
            .map(|i| ((i as f64 / 4096.0) * 6.0 - 3.0).powi(3))
            .collect();
        let mut atom: Vec<f64> = (0..400).map(|i| 167.0 + i as f64 * 0.125).collect();
        atom.extend((0..3600).map(|i| 208.98 + (i as f64 - 1800.0) * 1e-6));
        let ints: Vec<f64> = (0..4000).map(|i| (i % 6) as f64).collect();
        let g = grid_of(&[&normal, &atom, &ints, &[2.5; 10], &[], &[-1e300, 1e300]]);
        for j in 0..g.cells() {
            let e = g.edges(j);
            assert_eq!(e.len(), g.edge_count(j));
            assert!(
                e.windows(2)
                    .all(|w| w[0] < w[1] || (w[0] == 0.0 && w[1] == 0.0)),
                "cell {j}"
            );
            let mut probes: Vec<f64> = e
                .iter()
                .flat_map(|&v| [v, v.next_down(), v.next_up()])
                .collect();
            probes.extend((0..20_000).map(|i| -300.0 + i as f64 * 0.03));
            probes.extend([f64::INFINITY, f64::NEG_INFINITY, f64::MAX, -f64::MAX]);
            for x in probes {
                assert_eq!(g.slot(j, x), slot_of(&e, x), "cell {j}, x = {x}");
            }
        }
    }

    #[test]
    fn buckets_follow_the_pilot_density() {
        let mut atom: Vec<f64> = (0..400).map(|i| 167.0 + i as f64 * 0.125).collect();
        atom.extend((0..3600).map(|i| 208.98 + (i as f64 - 1800.0) * 1e-6));
        atom.sort_by(f64::total_cmp);
        let g = grid_of(&[&atom]);
        let e = g.edges(0);
        // The atom spans 0.0036 of a 50-wide range: it gets tens of buckets (0.3 had one).
        let near = e.iter().filter(|&&v| (v - 208.98).abs() < 0.0018).count();
        assert!(near >= 25, "the near-atom's buckets: {near} of {}", e.len());
        assert!(e.len() < 3 * GRID_BUCKETS as usize, "{}", e.len());
    }

    #[test]
    fn integers_and_constants_get_buckets_of_their_own() {
        let ints: Vec<f64> = (0..4000).map(|i| (i % 6) as f64).collect();
        let g = grid_of(&[&ints, &[2.5; 10]]);
        let slots: Vec<usize> = (0..6).map(|v| g.slot(0, v as f64)).collect();
        assert!(slots.windows(2).all(|w| w[0] < w[1]), "{slots:?}");
        for v in 0..6 {
            let (k, e) = (g.slot(0, v as f64), g.edges(0));
            assert!(e[k] - e[k - 1] < 0.5, "value {v} in a bucket of its own");
            assert!(g.atoms(0).contains(&(k, v as f64)), "value {v} is an atom");
        }
        assert_eq!(g.edges(1), [2.5, 2.5f64.next_up()]);
        assert_eq!(g.slot(1, 2.5), 1);
    }

    #[test]
    fn atoms_are_the_buckets_of_one_repeated_value() {
        // Repeated integers, a continuum, single values and runs that end the data.
        let mut xs: Vec<f64> = (0..3000).map(|i| (i % 7) as f64 * 3.0).collect();
        xs.extend((0..1500).map(|i| 100.5 + i as f64 * 0.013));
        xs.extend([1e-3, 40.0, 40.0, 40.0, 500.0, 500.0, 500.0]);
        xs.sort_by(f64::total_cmp);
        let g = grid_of(&[&xs]);
        let mut by_slot: std::collections::BTreeMap<usize, Vec<f64>> = Default::default();
        for &x in &xs {
            by_slot.entry(g.slot(0, x)).or_default().push(x);
        }
        let want: Vec<(usize, f64)> = by_slot
            .iter()
            .filter(|(_, v)| v.len() > 1 && v[0] == v[v.len() - 1])
            .map(|(&k, v)| (k, v[0]))
            .collect();
        assert!(want.len() >= 8, "{want:?}");
        assert!(want.contains(&(g.slot(0, 40.0), 40.0)));
        // The largest values: the run that ends the data.
        assert_eq!(want.last(), Some(&(g.slot(0, 500.0), 500.0)));
        assert_eq!(g.atoms(0), want.as_slice());
    }
}
