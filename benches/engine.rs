//! criterion benches: one model step, a full baseline run, the aggregation per value, and the
//! normal sampler against rand_distr's.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use softpower::engine::{self, Model, PathDraws, RunOptions};
use softpower::model::cultural::CulturalSpec;
use softpower::stats::{Moments, QuantileSketch, DEFAULT_ALPHA};
use std::hint::black_box;

fn model_step(c: &mut Criterion) {
    let s = softpower::scenario::baseline();
    let model = s.spec_as::<CulturalSpec>().expect("cultural").model();
    let mut work = model.new_work();
    let mut draws = PathDraws::new(black_box(s.seed()), 0);
    model.set_params(&[], &mut work);
    model.init(&mut work);
    let mut out = vec![0.0; model.outcomes()];
    let mut k = 0;
    let mut g = c.benchmark_group("model");
    g.throughput(Throughput::Elements(1));
    g.bench_function("one step of one path (baseline)", |b| {
        b.iter(|| {
            k = k % model.steps() + 1;
            if k == 1 {
                model.init(&mut work);
            }
            model.step(black_box(k), &mut work, &mut draws);
            model.record(&work, &mut out);
            black_box(&out);
        })
    });
    g.finish();
}

fn full_run(c: &mut Criterion) {
    let s = softpower::scenario::baseline();
    let model = s.build_model();
    let paths = 2048;
    let setup = s.path_setup();
    let mut g = c.benchmark_group("run");
    g.sample_size(10);
    g.throughput(Throughput::Elements(paths * s.steps() as u64));
    for threads in [1, 2] {
        g.bench_function(
            format!("baseline {paths} paths, {threads} thread(s)"),
            |b| {
                b.iter(|| {
                    let o = RunOptions {
                        paths: black_box(paths),
                        seed: black_box(s.seed()),
                        threads,
                        alpha: DEFAULT_ALPHA,
                        exact_quantiles: false,
                    };
                    black_box(engine::run(&*model, &setup, &o, None).unwrap().acc.paths)
                })
            },
        );
    }
    g.finish();
}

fn aggregation(c: &mut Criterion) {
    let values: Vec<f64> = (0..4096)
        .map(|i| 50.0 + (i as f64 * 0.618).sin() * 30.0)
        .collect();
    let mut g = c.benchmark_group("aggregation");
    g.throughput(Throughput::Elements(values.len() as u64));
    g.bench_function("sketch insert", |b| {
        b.iter(|| {
            let mut s = QuantileSketch::new(DEFAULT_ALPHA);
            for &x in black_box(&values) {
                s.insert(x);
            }
            black_box(s.count())
        })
    });
    g.bench_function("moments push", |b| {
        b.iter(|| {
            let mut m = Moments::default();
            for &x in black_box(&values) {
                m.push(x);
            }
            black_box(m.mean())
        })
    });
    let mut a = QuantileSketch::new(DEFAULT_ALPHA);
    let mut bsk = QuantileSketch::new(DEFAULT_ALPHA);
    for (i, &x) in values.iter().enumerate() {
        if i % 2 == 0 {
            a.insert(x)
        } else {
            bsk.insert(x)
        }
    }
    g.throughput(Throughput::Elements(1));
    g.bench_function("sketch merge (two sketches of 2048 values)", |b| {
        b.iter(|| {
            let mut x = a.clone();
            x.merge(black_box(&bsk));
            black_box(x.count())
        })
    });
    g.finish();
}

fn normals(c: &mut Criterion) {
    use rand_distr::{Distribution, StandardNormal};
    use softpower::engine::{rng::stream, Draws};
    let mut buf = vec![0.0; 408];
    let mut g = c.benchmark_group("normals");
    g.throughput(Throughput::Elements(buf.len() as u64));
    let mut draws = PathDraws::new(black_box(1), 0);
    g.bench_function("engine sampler, 408 per call", |b| {
        b.iter(|| {
            draws.fill_normals(&mut buf);
            black_box(buf[407])
        })
    });
    // Every build this CPU runs, side by side (the same bits; the last is the engine's).
    for kernel in softpower::engine::normal_kernels() {
        let mut draws = PathDraws::new(black_box(1), 0);
        g.bench_function(format!("{} build, 408 per call", kernel.name), |b| {
            b.iter(|| {
                draws.fill_normals_with(kernel, &mut buf);
                black_box(buf[407])
            })
        });
    }
    let mut rng = stream(black_box(1), 0, 0);
    g.bench_function("rand_distr StandardNormal on xoshiro256++, 408", |b| {
        b.iter(|| {
            for z in buf.iter_mut() {
                *z = StandardNormal.sample(&mut rng);
            }
            black_box(buf[407])
        })
    });
    g.finish();
}

criterion_group!(benches, model_step, full_run, aggregation, normals);
criterion_main!(benches);
