//! Keeping lines and bands inside the plotting area: clipping to the value window, and thinning
//! a thick line's collinear pixels so that plotters' stroker draws it level.

/// The value window of a plotting area: what lies outside is not drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Window {
    /// Left edge (x axis start).
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge (value axis start).
    pub y0: f64,
    /// Top edge.
    pub y1: f64,
}

/// One side of the window, as a test and an intersection.
#[derive(Debug, Clone, Copy)]
enum Edge {
    Left(f64),
    Right(f64),
    Bottom(f64),
    Top(f64),
}

impl Edge {
    fn inside(self, (x, y): (f64, f64)) -> bool {
        match self {
            Edge::Left(v) => x >= v,
            Edge::Right(v) => x <= v,
            Edge::Bottom(v) => y >= v,
            Edge::Top(v) => y <= v,
        }
    }

    /// Where the segment `a`–`b` (one end inside, one outside) crosses the edge.
    fn cross(self, a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
        let along = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
        match self {
            Edge::Left(v) | Edge::Right(v) => (v, along((v - a.0) / (b.0 - a.0)).1),
            Edge::Bottom(v) | Edge::Top(v) => (along((v - a.1) / (b.1 - a.1)).0, v),
        }
    }
}

impl Window {
    fn edges(&self) -> [Edge; 4] {
        [
            Edge::Left(self.x0),
            Edge::Right(self.x1),
            Edge::Bottom(self.y0),
            Edge::Top(self.y1),
        ]
    }

    /// The part of a filled polygon inside the window (Sutherland–Hodgman); non-finite points are
    /// dropped first. Empty when nothing of it is inside.
    pub fn polygon(&self, pts: &[(f64, f64)]) -> Vec<(f64, f64)> {
        let mut cur: Vec<(f64, f64)> = finite(pts).collect();
        for e in self.edges() {
            let Some(&last) = cur.last() else {
                break;
            };
            let mut next = Vec::with_capacity(cur.len() + 4);
            let mut prev = last;
            for &p in &cur {
                match (e.inside(prev), e.inside(p)) {
                    (true, true) => next.push(p),
                    (true, false) => next.push(e.cross(prev, p)),
                    (false, true) => {
                        next.push(e.cross(prev, p));
                        next.push(p);
                    }
                    (false, false) => {}
                }
                prev = p;
            }
            cur = next;
        }
        cur
    }

    /// The parts of a polyline inside the window, each a run of at least two points (segment by
    /// segment, Liang–Barsky); non-finite points are dropped first.
    pub fn polyline(&self, pts: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
        let pts: Vec<(f64, f64)> = finite(pts).collect();
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut run: Vec<(f64, f64)> = Vec::new();
        for s in pts.windows(2) {
            let Some((a, b)) = self.segment(s[0], s[1]) else {
                if run.len() > 1 {
                    runs.push(std::mem::take(&mut run));
                }
                run.clear();
                continue;
            };
            if run.last() != Some(&a) {
                if run.len() > 1 {
                    runs.push(std::mem::take(&mut run));
                }
                run = vec![a];
            }
            run.push(b);
        }
        if run.len() > 1 {
            runs.push(run);
        }
        runs
    }

    /// The part of the segment `a`–`b` inside the window, if any.
    fn segment(&self, a: (f64, f64), b: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else if p < 0.0 {
                t0 = t0.max(q / p);
            } else {
                t1 = t1.min(q / p);
            }
        }
        if t0 > t1 {
            return None;
        }
        let at = |t: f64| {
            if t == 0.0 {
                a
            } else if t == 1.0 {
                b
            } else {
                (a.0 + t * dx, a.1 + t * dy)
            }
        };
        Some((at(t0), at(t1)))
    }
}

fn finite(pts: &[(f64, f64)]) -> impl Iterator<Item = (f64, f64)> + '_ {
    pts.iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
}

/// Indices of the points of a polyline worth giving a thick stroker, given their pixel positions:
/// repeated pixels and interior points on a straight run are left out. plotters' stroker offsets
/// a point on a straight run by truncation but every other point by rounding, so a level line
/// drawn through all its points dips a pixel at its ends and corners.
pub(crate) fn stroke_points(pixels: &[(i32, i32)]) -> Vec<usize> {
    let mut keep: Vec<usize> = Vec::with_capacity(pixels.len());
    for (i, &p) in pixels.iter().enumerate() {
        if keep.last().is_some_and(|&k| pixels[k] == p) {
            continue;
        }
        if let [.., a, b] = keep[..] {
            let (pa, pb) = (pixels[a], pixels[b]);
            let (u, v) = (
                (i64::from(pb.0 - pa.0), i64::from(pb.1 - pa.1)),
                (i64::from(p.0 - pb.0), i64::from(p.1 - pb.1)),
            );
            if u.0 * v.1 - u.1 * v.0 == 0 && u.0 * v.0 + u.1 * v.1 > 0 {
                keep.pop();
            }
        }
        keep.push(i);
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Window = Window {
        x0: 0.0,
        x1: 10.0,
        y0: 0.0,
        y1: 5.0,
    };

    #[test]
    fn polylines_are_cut_at_the_window() {
        assert_eq!(
            W.polyline(&[(0.0, 1.0), (5.0, 1.0), (10.0, 1.0)]),
            vec![vec![(0.0, 1.0), (5.0, 1.0), (10.0, 1.0)]]
        );
        // Leaves through the bottom and comes back: two runs, cut at y = 0.
        let runs = W.polyline(&[(0.0, 2.0), (2.0, -2.0), (4.0, -2.0), (6.0, 2.0)]);
        assert_eq!(
            runs,
            vec![vec![(0.0, 2.0), (1.0, 0.0)], vec![(5.0, 0.0), (6.0, 2.0)]]
        );
        assert!(W.polyline(&[(1.0, 6.0), (9.0, 7.0)]).is_empty());
        assert_eq!(
            W.polyline(&[(1.0, 1.0), (f64::NAN, 2.0), (3.0, 1.0)]),
            vec![vec![(1.0, 1.0), (3.0, 1.0)]]
        );
    }

    #[test]
    fn polygons_are_cut_at_the_window() {
        let band = [(0.0, 1.0), (10.0, 8.0), (10.0, -3.0), (0.0, -1.0)];
        let inside = W.polygon(&band);
        assert!(!inside.is_empty());
        for (x, y) in &inside {
            assert!(
                (0.0..=10.0).contains(x) && (0.0..=5.0).contains(y),
                "({x}, {y})"
            );
        }
        assert!(inside.contains(&(10.0, 5.0)) && inside.contains(&(10.0, 0.0)));
        assert!(W.polygon(&[(1.0, 6.0), (2.0, 6.0), (2.0, 7.0)]).is_empty());
    }

    #[test]
    fn thick_strokes_skip_straight_interior_points() {
        let level = [
            (0, 9),
            (5, 9),
            (5, 9),
            (10, 9),
            (15, 9),
            (20, 4),
            (25, 4),
            (30, 4),
        ];
        assert_eq!(stroke_points(&level), vec![0, 4, 5, 7]);
        // A spike back along the same line is kept.
        assert_eq!(stroke_points(&[(0, 0), (0, 5), (0, 2)]), vec![0, 1, 2]);
    }
}
