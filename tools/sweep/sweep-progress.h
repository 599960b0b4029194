// SPDX-License-Identifier: GPL-2.0-only
// Progress display of a sweep: one redrawn bar on a terminal, plain lines otherwise.
#ifndef SIPMOB_TOOLS_SWEEP_PROGRESS_H
#define SIPMOB_TOOLS_SWEEP_PROGRESS_H

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace sipmob
{

/// Shows "done/total, failed, ETA" as jobs finish.
class SweepProgress
{
public:
    /**
     * @param out where to write (usually std::cerr)
     * @param tty redraw one line with '\r' (true) or print one line per job (false)
     * @param total jobs in the sweep
     * @param skipped jobs already finished before this invocation (resume)
     */
    SweepProgress(std::ostream& out, bool tty, std::size_t total, std::size_t skipped);

    /**
     * Records one finished job.
     * @param label short description of the job
     * @param status "ok", "failed" or "timeout"
     * @param wallS its duration
     */
    void JobFinished(const std::string& label, const std::string& status, double wallS);

    /**
     * Shows how many jobs run and wait in a batch queue (Slurm): part of the bar from then on; in
     * plain mode one line whenever the counts change.
     */
    void Queue(std::size_t running, std::size_t queued);

    /// Ends the display (newline after the bar, a summary line).
    void Finish();

    /// @return "1h02m", "3m05s" or "12s"
    static std::string FormatDuration(double seconds);

private:
    /// @return the estimated time left, in seconds (negative when unknown)
    double EtaSeconds() const;
    /// Redraws the bar (tty mode).
    void DrawBar();
    /// @return ", R running, Q queued" once Queue() was called, else ""
    std::string QueueText() const;

    std::ostream& m_out;                           ///< destination
    bool m_tty;                                    ///< redraw mode
    std::size_t m_total;                           ///< all jobs
    std::size_t m_done;                            ///< finished (incl. skipped)
    std::size_t m_doneHere = 0;                    ///< finished by this invocation
    std::size_t m_failed = 0;                      ///< failed or timed out
    bool m_hasQueue = false;                       ///< Queue() was called
    std::size_t m_running = 0;                     ///< jobs running (batch queue)
    std::size_t m_queued = 0;                      ///< jobs waiting (batch queue)
    std::chrono::steady_clock::time_point m_start; ///< construction time
};

} // namespace sipmob

#endif
