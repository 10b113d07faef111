//! Small multiples of sector exports: one small fan per `exports_<sector>_bn`, each on its own scale.

use super::draw::{legend_row, Area, Chart};
use super::fan::{plot_fans, Fan, Panel};
use super::format::MetricInfo;
use plotters::prelude::*;

/// Small multiples: one small fan per sector, each on its own scale, legend in a row on top.
pub(crate) struct SectorPanels {
    /// Title.
    pub title: String,
    /// Units (bn USD).
    pub info: MetricInfo,
    /// (caption, fan) per sector.
    pub fans: Vec<(String, Fan)>,
}

impl SectorPanels {
    fn grid(&self) -> (usize, usize) {
        let n = self.fans.len().max(1);
        let cols = match n {
            1 => 1,
            2..=4 => 2,
            5..=9 => 3,
            _ => 4,
        };
        (n.div_ceil(cols), cols)
    }
}

impl Chart for SectorPanels {
    fn size(&self) -> (u32, u32) {
        let (rows, _) = self.grid();
        (1000, (90 + 250 * rows as u32).max(400))
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, body: &Area<DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (legend, grid) = body.split_vertically(30);
        if let Some((_, f)) = self.fans.first() {
            legend_row(&legend, &f.legend(), 12)?;
        }
        let (rows, cols) = self.grid();
        for (cell, (cap, fan)) in grid.split_evenly((rows, cols)).iter().zip(&self.fans) {
            let panel = Panel {
                caption: Some(cap.clone()),
                px: 12,
                y_desc: None,
                x_desc: false,
                max_x_ticks: 6,
                y_ticks: 5,
                info: &self.info,
                zero_always: false,
            };
            plot_fans(cell, std::slice::from_ref(fan), &panel)?;
        }
        Ok(())
    }
}
