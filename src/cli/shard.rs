//! `--shard I/N`, `--shard-from-env` and `--partial`: which piece of a job a `run` or `compare`
//! computes, resolved from the flags or the scheduler's environment before any work.

use super::common::BadInput;
use crate::limits::MAX_SHARDS;
use clap::Args;
use std::path::PathBuf;

/// What the user typed.
#[derive(Debug, Clone, Default, Args)]
pub struct ShardArgs {
    /// Compute only shard I (0-based) of N: a contiguous piece of the paths (of the design rows,
    /// for explore and sensitivity), written as a partial result to --partial for `softpower
    /// merge` (docs/cluster.md).
    #[arg(long, value_name = "I/N", conflicts_with = "shard_from_env")]
    pub shard: Option<String>,
    /// Take the shard from the scheduler: SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT (offset
    /// by SLURM_ARRAY_TASK_MIN), or JOB_COMPLETION_INDEX of --shard-count (Kubernetes).
    #[arg(long)]
    pub shard_from_env: bool,
    /// Shards of the job, with --shard-from-env where the environment does not say
    /// (Kubernetes Indexed Jobs).
    #[arg(long, value_name = "N", requires = "shard_from_env")]
    pub shard_count: Option<u64>,
    /// Where the shard's partial result goes (with --shard or --shard-from-env).
    #[arg(long, value_name = "PATH")]
    pub partial: Option<PathBuf>,
}

/// A resolved shard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    /// 0-based.
    pub index: u64,
    /// Shards of the job.
    pub count: u64,
    /// The partial result's path.
    pub partial: PathBuf,
}

fn bad(m: String) -> anyhow::Error {
    BadInput(m).into()
}

/// `I/N` with `I < N <= MAX_SHARDS`.
fn parse(text: &str, what: &str) -> anyhow::Result<(u64, u64)> {
    let usage = || {
        bad(format!(
            "{what} must be I/N with 0 <= I < N <= {MAX_SHARDS}, got `{text}`"
        ))
    };
    let (i, n) = text.split_once('/').ok_or_else(usage)?;
    let (i, n): (u64, u64) = (
        i.trim().parse().map_err(|_| usage())?,
        n.trim().parse().map_err(|_| usage())?,
    );
    if n == 0 || i >= n || n > MAX_SHARDS {
        return Err(usage());
    }
    Ok((i, n))
}

/// A variable of `env`, parsed as an integer.
fn var(env: &dyn Fn(&str) -> Option<String>, name: &str) -> anyhow::Result<Option<u64>> {
    match env(name) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| bad(format!("{name} is `{v}`, not a shard number"))),
    }
}

/// The shard from the scheduler's variables (`env` looks one up).
pub fn from_env(
    env: &dyn Fn(&str) -> Option<String>,
    count: Option<u64>,
) -> anyhow::Result<(u64, u64)> {
    if let Some(id) = var(env, "SLURM_ARRAY_TASK_ID")? {
        let min = var(env, "SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let n = match var(env, "SLURM_ARRAY_TASK_COUNT")? {
            Some(n) => n,
            None => match var(env, "SLURM_ARRAY_TASK_MAX")? {
                Some(max) => max.saturating_sub(min) + 1,
                None => count.ok_or_else(|| {
                    bad(
                        "SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor \
                         SLURM_ARRAY_TASK_MAX: give --shard-count"
                            .into(),
                    )
                })?,
            },
        };
        if let Some(c) = count.filter(|&c| c != n) {
            return Err(bad(format!(
                "--shard-count {c} but the Slurm array has {n} tasks"
            )));
        }
        let i = id.checked_sub(min).ok_or_else(|| {
            bad(format!(
                "SLURM_ARRAY_TASK_ID {id} is below SLURM_ARRAY_TASK_MIN {min}"
            ))
        })?;
        return parse(&format!("{i}/{n}"), "the Slurm array task");
    }
    if let Some(i) = var(env, "JOB_COMPLETION_INDEX")? {
        let n = count.ok_or_else(|| {
            bad("JOB_COMPLETION_INDEX is set: give the job's completions as --shard-count".into())
        })?;
        return parse(&format!("{i}/{n}"), "JOB_COMPLETION_INDEX of --shard-count");
    }
    Err(bad(
        "--shard-from-env: neither SLURM_ARRAY_TASK_ID (a Slurm array job) nor \
         JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set"
            .into(),
    ))
}

impl ShardArgs {
    /// The shard asked for, if any (`env` looks up the environment).
    pub fn resolve_with(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Option<Shard>> {
        let which = match (&self.shard, self.shard_from_env) {
            (Some(s), _) => Some(parse(s, "--shard")?),
            (None, true) => Some(from_env(env, self.shard_count)?),
            (None, false) => None,
        };
        match (which, &self.partial) {
            (Some((index, count)), Some(p)) => Ok(Some(Shard {
                index,
                count,
                partial: p.clone(),
            })),
            (Some(_), None) => Err(bad(
                "a shard writes a partial result: give its path with --partial".into(),
            )),
            (None, Some(_)) => Err(bad("--partial needs --shard I/N or --shard-from-env".into())),
            (None, None) => Ok(None),
        }
    }

    /// [`Self::resolve_with`] on the process environment.
    pub fn resolve(&self) -> anyhow::Result<Option<Shard>> {
        self.resolve_with(&|k| std::env::var(k).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn shards_come_from_slurm_or_kubernetes_variables() {
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ]);
        assert_eq!(from_env(&slurm, None).unwrap(), (2, 3));
        let offset = env(&[
            ("SLURM_ARRAY_TASK_ID", "11"),
            ("SLURM_ARRAY_TASK_MIN", "10"),
            ("SLURM_ARRAY_TASK_MAX", "17"),
        ]);
        assert_eq!(from_env(&offset, None).unwrap(), (1, 8));
        let k8s = env(&[("JOB_COMPLETION_INDEX", "4")]);
        assert_eq!(from_env(&k8s, Some(8)).unwrap(), (4, 8));
        for (vars, count, says) in [
            (env(&[("JOB_COMPLETION_INDEX", "4")]), None, "--shard-count"),
            (env(&[("JOB_COMPLETION_INDEX", "8")]), Some(8), "0 <= I < N"),
            (env(&[]), None, "neither SLURM_ARRAY_TASK_ID"),
            (
                env(&[
                    ("SLURM_ARRAY_TASK_ID", "x"),
                    ("SLURM_ARRAY_TASK_COUNT", "3"),
                ]),
                None,
                "not a shard number",
            ),
        ] {
            let e = from_env(&vars, count).unwrap_err().to_string();
            assert!(e.contains(says), "{e}");
        }
        assert!(parse("3/3", "--shard").is_err() && parse("1/0", "--shard").is_err());
        assert!(parse("0/1", "--shard").is_ok() && parse("a/b", "--shard").is_err());
    }
}
