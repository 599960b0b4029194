// SPDX-License-Identifier: GPL-2.0-only
#include "results/voice-quality-annotator.h"

#include "wire/voice-quality-meter.h"

#include <cmath>

namespace ns3
{

namespace
{

const sipmob::MediaRecord*
FindMedia(const RunResults& r, const std::string& callId, const std::string& ua, bool sameUa)
{
    for (const auto& m : r.media)
    {
        if (m.callId == callId && (m.ua == ua) == sameUa && m.quality && m.playout && m.codec)
        {
            return &m;
        }
    }
    return nullptr;
}

/// Evaluates @p media over [from, to) s; fills @p r and @p mos when a frame falls in it.
void
EvaluateWindow(const sipmob::MediaRecord* media, double from, double to, std::optional<double>& r,
               std::optional<double>& mos)
{
    if (!media)
    {
        return;
    }
    const auto q = media->quality->Evaluate(*media->playout, *media->codec,
                                            std::llround(from * 1e9), std::llround(to * 1e9));
    if (q)
    {
        r = q->emodel.r;
        mos = q->emodel.mos;
    }
}

} // namespace

void
VoiceQualityAnnotator::Annotate(RunResults& results)
{
    for (auto& call : results.calls)
    {
        if (const sipmob::MediaRecord* m = FindMedia(results, call.callId, call.ua, true))
        {
            call.rFactor = m->rFactor;
            call.mos = m->mos;
        }
    }
    for (auto& h : results.handoffs)
    {
        if (h.callId.empty() || !h.tQualityFrom || !h.tQualityTo)
        {
            continue;
        }
        EvaluateWindow(FindMedia(results, h.callId, h.ua, true), *h.tQualityFrom, *h.tQualityTo,
                       h.rFactor, h.mos);
        EvaluateWindow(FindMedia(results, h.callId, h.ua, false), *h.tQualityFrom, *h.tQualityTo,
                       h.rFactorUp, h.mosUp);
    }
}

} // namespace ns3
