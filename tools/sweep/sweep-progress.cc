// SPDX-License-Identifier: GPL-2.0-only
#include "sweep/sweep-progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sipmob
{

SweepProgress::SweepProgress(std::ostream& out, bool tty, std::size_t total, std::size_t skipped)
    : m_out(out)
    , m_tty(tty)
    , m_total(total)
    , m_done(skipped)
    , m_start(std::chrono::steady_clock::now())
{
    m_out << "sweep: " << total << " jobs, " << skipped << " already finished\n";
    m_out.flush();
}

std::string
SweepProgress::FormatDuration(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    char buf[32];
    if (s >= 3600)
    {
        std::snprintf(buf, sizeof(buf), "%ldh%02ldm", s / 3600, (s % 3600) / 60);
    }
    else if (s >= 60)
    {
        std::snprintf(buf, sizeof(buf), "%ldm%02lds", s / 60, s % 60);
    }
    else
    {
        std::snprintf(buf, sizeof(buf), "%lds", s);
    }
    return buf;
}

double
SweepProgress::EtaSeconds() const
{
    if (m_doneHere == 0)
    {
        return -1;
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    return elapsed / m_doneHere * (m_total - m_done);
}

void
SweepProgress::JobFinished(const std::string& label, const std::string& status, double wallS)
{
    ++m_done;
    ++m_doneHere;
    m_failed += status == "ok" ? 0 : 1;
    const double eta = EtaSeconds();
    const std::string etaText = eta < 0 ? "?" : FormatDuration(eta);
    if (m_tty)
    {
        DrawBar();
    }
    else
    {
        m_out << "[" << m_done << "/" << m_total << "] " << status << " " << label << " ("
              << FormatDuration(wallS) << "), " << m_failed << " failed" << QueueText() << ", ETA "
              << etaText << "\n";
    }
    m_out.flush();
}

std::string
SweepProgress::QueueText() const
{
    if (!m_hasQueue)
    {
        return "";
    }
    return ", " + std::to_string(m_running) + " running, " + std::to_string(m_queued) + " queued";
}

void
SweepProgress::DrawBar()
{
    const double eta = EtaSeconds();
    const std::string etaText = eta < 0 ? "?" : FormatDuration(eta);
    const std::size_t width = 30;
    const std::size_t filled = m_total == 0 ? width : width * m_done / m_total;
    m_out << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << m_done
          << "/" << m_total << " done, " << m_failed << " failed" << QueueText() << ", ETA "
          << etaText << "   ";
}

void
SweepProgress::Queue(std::size_t running, std::size_t queued)
{
    if (m_hasQueue && running == m_running && queued == m_queued)
    {
        return;
    }
    m_hasQueue = true;
    m_running = running;
    m_queued = queued;
    if (m_tty)
    {
        DrawBar();
    }
    else
    {
        m_out << "[" << m_done << "/" << m_total << "] queue: " << running << " running, " << queued
              << " queued\n";
    }
    m_out.flush();
}

void
SweepProgress::Finish()
{
    if (m_tty)
    {
        m_out << "\n";
    }
    m_out << "sweep: " << m_done << "/" << m_total << " done, " << m_failed << " failed in "
          << FormatDuration(
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count())
          << "\n";
    m_out.flush();
}

} // namespace sipmob
