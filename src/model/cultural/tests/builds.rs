//! Every build of the model's step gives the bits of the portable one: the AVX2 build is the
//! same body compiled for more instructions, and this checks that the compiler kept every IEEE
//! operation as written.

use super::{c, edit, scenarios_dir};
use crate::engine::model::draw_params;
use crate::engine::{Model, PathDraws};
use crate::model::cultural::{work::CulturalWork, CulturalExport};
use crate::scenario::{baseline, load_file, load_str, Scenario};

/// Every outcome at every step of `paths` paths of `s`, as bits, stepping with `step`.
fn outcomes(
    s: &Scenario,
    paths: u64,
    step: impl Fn(&CulturalExport, usize, &mut CulturalWork, &mut PathDraws),
) -> Vec<u64> {
    let model = c(s).model();
    let setup = s.path_setup();
    let (mut work, mut drawn) = (model.new_work(), Vec::new());
    let mut out = vec![0.0; model.outcomes()];
    let mut bits = Vec::new();
    for path in 0..paths {
        let mut draws = PathDraws::new(s.seed, path);
        draw_params(&setup.params, s.seed, path, &mut drawn);
        model.set_params(&drawn, &mut work);
        model.init(&mut work);
        for k in 0..=model.steps() {
            if k > 0 {
                step(&model, k, &mut work, &mut draws);
            }
            model.record(&work, &mut out);
            bits.extend(out.iter().map(|x| x.to_bits()));
        }
    }
    bits
}

#[test]
fn every_build_of_the_step_gives_the_portable_bits() {
    let scenarios = [
        baseline(),
        load_file(&scenarios_dir().join("export_push.toml")).expect("export_push"),
        // A favourability elasticity that is not 0, 1/2 or 1 takes the exp/ln power.
        load_str(
            &edit(
                "favorability_elasticity = 0.5",
                "favorability_elasticity = 0.7",
            ),
            "elastic.toml",
            None,
        )
        .expect("valid"),
        // A drawn lever: the lever values are computed per step instead of read from the table.
        load_str(
            &edit(
                "[uncertainty]\n",
                "[uncertainty]\n\"levers.funding_bn_per_year\" = { dist = \"uniform\", min = 2.0, max = 4.0 }\n",
            ),
            "drawn_lever.toml",
            None,
        )
        .expect("valid"),
    ];
    {
        // The last scenario does take the drawn-lever branch.
        let s = &scenarios[3];
        let (model, mut drawn) = (c(s).model(), Vec::new());
        let mut work = model.new_work();
        draw_params(&s.path_setup().params, s.seed, 0, &mut drawn);
        model.set_params(&drawn, &mut work);
        assert!(work.levers_drawn);
    }
    for s in &scenarios {
        let portable = outcomes(s, 300, |m, k, w, d| m.step_body(k, w, d));
        assert!(!portable.is_empty());
        // Through the trait: the build the dispatch picks on this CPU.
        assert_eq!(
            outcomes(s, 300, |m, k, w, d| m.step(k, w, d)),
            portable,
            "dispatched step of {}",
            s.name
        );
        #[cfg(target_arch = "x86_64")]
        {
            use crate::engine::simd::{level, Level};
            if level() >= Level::Avx2Fma {
                // SAFETY: `level()` detected AVX2 and FMA at run time, the features of
                // `step_avx2`.
                let avx2 = outcomes(s, 300, |m, k, w, d| unsafe { m.step_avx2(k, w, d) });
                assert_eq!(avx2, portable, "AVX2 step of {}", s.name);
            }
        }
    }
}
