//! Placing point labels in a scatter so that they overlap neither each other nor the points:
//! greedy, in the order given, each label at the first free spot of a fixed search pattern.

/// A rectangle in pixels: left, top, right, bottom.
pub(crate) type Rect = (i32, i32, i32, i32);

/// Where a label goes, relative to its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placement {
    /// Horizontal offset of the anchor from the point, pixels.
    pub dx: i32,
    /// Vertical offset of the label's middle from the point, pixels (down is positive).
    pub dy: i32,
    /// Whether the label's right end is at the anchor (left of the point) rather than its left end.
    pub left: bool,
}

impl Placement {
    /// Whether a leader line should join the label to its point (it is not level with it).
    pub fn far(&self) -> bool {
        self.dy != 0
    }
}

/// Half the side of the square each point keeps free, pixels.
const POINT: i32 = 7;
/// Gap between a point and its label, pixels.
const GAP: i32 = 9;
/// Vertical steps tried above and below the point.
const STEPS: i32 = 6;

fn overlap(a: Rect, b: Rect) -> i64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0) as i64;
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0) as i64;
    w * h
}

/// The box of a label of `size` (width, height) placed `p` from `point`.
pub(crate) fn label_box(point: (i32, i32), size: (i32, i32), p: Placement) -> Rect {
    let x = point.0 + p.dx;
    let (l, r) = if p.left {
        (x - size.0, x)
    } else {
        (x, x + size.0)
    };
    let y = point.1 + p.dy;
    (l, y - size.1 / 2, r, y + size.1 / 2)
}

/// Placements for labels of `sizes` at `points` (pixels) inside `bounds`: label by label in the
/// order given (the most important first), the first spot of right, left, then right and left a
/// step higher, a step lower, two steps higher, … that overlaps no earlier label, no point, none
/// of `obstacles` (e.g. whiskers) and stays inside; where none is free, the spot that overlaps
/// least.
pub(crate) fn place_labels(
    points: &[(i32, i32)],
    sizes: &[(i32, i32)],
    obstacles: &[Rect],
    bounds: Rect,
) -> Vec<Placement> {
    let mut dots: Vec<Rect> = points
        .iter()
        .map(|&(x, y)| (x - POINT, y - POINT, x + POINT, y + POINT))
        .collect();
    dots.extend_from_slice(obstacles);
    let mut placed: Vec<Rect> = Vec::with_capacity(points.len());
    let mut out = Vec::with_capacity(points.len());
    for (&pt, &size) in points.iter().zip(sizes) {
        let step = size.1 + 2;
        let mut best: Option<(i64, Placement, Rect)> = None;
        'search: for k in 0..=2 * STEPS {
            let dy = if k % 2 == 1 { -(k + 1) / 2 } else { k / 2 } * step;
            for left in [false, true] {
                let p = Placement {
                    dx: if left { -GAP } else { GAP },
                    dy,
                    left,
                };
                let b = label_box(pt, size, p);
                let outside =
                    (b.0 < bounds.0 || b.1 < bounds.1 || b.2 > bounds.2 || b.3 > bounds.3) as i64;
                let cost = placed
                    .iter()
                    .chain(&dots)
                    .map(|&o| overlap(b, o))
                    .sum::<i64>()
                    + outside * i64::from(size.0) * i64::from(size.1);
                if best.is_none_or(|(c, _, _)| cost < c) {
                    best = Some((cost, p, b));
                }
                if cost == 0 {
                    break 'search;
                }
            }
        }
        let (_, p, b) = best.expect("at least one candidate");
        placed.push(b);
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: Rect = (0, 0, 800, 500);

    #[test]
    fn a_lone_label_sits_right_of_its_point() {
        let p = place_labels(&[(100, 100)], &[(80, 16)], &[], BOUNDS);
        assert_eq!(
            p,
            vec![Placement {
                dx: GAP,
                dy: 0,
                left: false
            }]
        );
        assert!(!p[0].far());
    }

    #[test]
    fn labels_of_coincident_points_do_not_overlap() {
        let pts = [(300, 200); 5];
        let sizes = [(120, 16); 5];
        let p = place_labels(&pts, &sizes, &[], BOUNDS);
        let boxes: Vec<Rect> = p.iter().map(|&q| label_box(pts[0], sizes[0], q)).collect();
        for i in 0..boxes.len() {
            for j in 0..i {
                assert_eq!(overlap(boxes[i], boxes[j]), 0, "labels {i} and {j} overlap");
            }
        }
    }

    #[test]
    fn labels_stay_inside_and_off_other_points() {
        // A point at the right edge: its label goes left; a neighbour's point is avoided.
        let pts = [(790, 250), (700, 250)];
        let sizes = [(60, 16), (60, 16)];
        let p = place_labels(&pts, &sizes, &[], BOUNDS);
        let b0 = label_box(pts[0], sizes[0], p[0]);
        assert!(p[0].left && b0.0 >= 0 && b0.2 <= 800);
        let dot = (700 - POINT, 250 - POINT, 700 + POINT, 250 + POINT);
        assert_eq!(overlap(b0, dot), 0);
        // A whisker through the point: the label moves off its line.
        let whisker = (40, 95, 400, 105);
        let p = place_labels(&[(100, 100)], &[(80, 16)], &[whisker], BOUNDS);
        assert!(p[0].far());
        assert_eq!(overlap(label_box((100, 100), (80, 16), p[0]), whisker), 0);
    }
}
