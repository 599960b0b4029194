// SPDX-License-Identifier: GPL-2.0-only
// The compute-node side of a Slurm sweep: one array task runs its slice of a batch manifest.
#ifndef SIPMOB_TOOLS_SWEEP_TASK_H
#define SIPMOB_TOOLS_SWEEP_TASK_H

#include <ostream>
#include <string>

namespace sipmob
{

/**
 * Runs the runs of array task @p index listed in @p manifest, one after the other, each as a child
 * process (one simulation per process) with SIPMOB_CONFIG_KEY set and its wall-clock limit.
 *
 * Manifest (written by SlurmExecutor): one line per run, tab-separated
 * `TASK  TIMEOUT_S  CONFIG_KEY  ARGV...`; the run's `--db` names the task's shard. After each run a
 * line `CONFIG_KEY  EXIT_STATUS  ok|exit|timeout|signal  WALL_S  STDERR_TAIL` is appended to
 * `SHARD.status`, which the coordinator reads to tell a failing run from a task Slurm killed.
 * A run that fails does not stop the task.
 *
 * @param manifest the batch manifest
 * @param index the array task index ($SLURM_ARRAY_TASK_ID)
 * @param log progress lines (the task's Slurm output file)
 * @return 0 when every run succeeded, 1 when one failed, 2 when the manifest is unusable or lists
 *         no run for @p index
 */
int RunSweepTask(const std::string& manifest, const std::string& index, std::ostream& log);

} // namespace sipmob

#endif
