// SPDX-License-Identifier: GPL-2.0-only
// Plain records of what happened in a run. Entities fill them and emit them through trace sources;
// the ResultsRecorder (helper/) subscribes and writes them to SQLite. Times are simulated seconds.
#ifndef SIPMOB_RUN_RECORDS_H
#define SIPMOB_RUN_RECORDS_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace sipmob
{
class VoiceQualityMeter; // wire/voice-quality-meter.h (held, not used, here)
struct PlayoutConfig;
struct CodecImpairment;

/// Milliseconds between two optional instants; empty when either did not happen.
inline std::optional<double>
SpanMs(const std::optional<double>& from, const std::optional<double>& to)
{
    if (!from || !to)
    {
        return std::nullopt;
    }
    return (*to - *from) * 1000.0;
}

/**
 * The timestamps of one hand-off (ARCHITECTURE.md, "Hand-off latency: definitions").
 * A timestamp that did not happen stays empty, and so does every component that needs it.
 */
struct HandoffRecord
{
    std::string ua;          ///< AoR of the moving user agent, e.g. "sip:1001@net1.example.org"
    std::string fromNetwork; ///< name of the network left (e.g. "net1")
    std::string toNetwork;   ///< name of the network entered
    std::string oldAddress;  ///< IPv4 address before the move
    std::string newAddress;  ///< IPv4 address after the move
    /// what the link event was (see HandoffKind): "handoff" (associated with an AP of another
    /// network), "reassociation" (of the same network), "coverage-loss" (no new association
    /// before the next loss or the end of the run)
    std::string kind;

    std::optional<double> tLinkLost;   ///< disassociation / beacon loss
    std::optional<double> tAssociated; ///< associated with the new AP
    /// Time spent scanning for an AP within L2 (every scan between the link loss and the
    /// association; part of L2), ms.
    std::optional<double> scanMs;
    std::optional<double> tLease;         ///< new lease bound, address configured
    std::optional<double> tDetected;      ///< the UA noticed the new address
    std::optional<double> tDiscoverySent; ///< the UA asked for the proxy (DNS SRV or table)
    std::optional<double> tDiscoveryDone; ///< the proxy (next hop) is known
    std::optional<double> tRegisterSent;  ///< first REGISTER after the move sent
    std::optional<double> tRegisterOk;    ///< its final 2xx received
    std::optional<double> tReinviteSent;  ///< re-INVITE sent (first active call)
    std::optional<double> tReinviteOk;    ///< its 2xx received
    std::optional<double> tLastMediaDown; ///< last media packet received at the old address
    std::optional<double> tLastMediaUp; ///< last media packet from the old address seen by the peer
    std::optional<double> tMediaDown;   ///< first media packet received at the new address
    std::optional<double> tMediaUp; ///< first media packet from the new address seen by the peer
    std::optional<uint64_t>
        mediaLostDown; ///< media packets lost towards the mobile across the hand-off
    std::optional<uint64_t> mediaLostUp; ///< media packets lost from the mobile across the hand-off
    /// Outage as heard at the mobile: last packet received before the gap -> first after it, ms.
    std::optional<double> outageDownMs;
    /// Outage as heard at the peer: last packet from the mobile before the gap -> first after, ms.
    std::optional<double> outageUpMs;
    std::string callId; ///< the call whose media resumed first (the voice-quality window's call)
    std::optional<double> tQualityFrom; ///< voice-quality window: frames sent from (s)
    std::optional<double> tQualityTo;   ///< ... to (s, exclusive)
    std::optional<double> rFactor;      ///< G.107 R of the downlink (heard at the mobile) in it
    std::optional<double> mos;          ///< its MOS (G.107 Annex B)
    std::optional<double> rFactorUp;    ///< R of the uplink (heard at the peer) in the window
    std::optional<double> mosUp;        ///< its MOS
    /// what happened: "completed" (registered, and the calls re-INVITEd), "setup-stranded"
    /// (completed, but a call of the mobile was in setup at the link loss and never got its final
    /// response: see callsInSetup), "superseded" (another move began first), "no-lease",
    /// "no-proxy" (discovery found none), "registration-failed" (a final non-2xx or a timeout: no
    /// re-INVITE), "reinvite-failed", "incomplete" (run ended)
    std::string status;
    /// Call legs of the mobile in setup at the link loss (INVITE sent or received, no final
    /// response yet) that never got one at the mobile: the responses follow the Via and the
    /// Contact of the old address (RFC 3261 §18.2.2, §12.1.1), and an early dialog is not moved.
    /// Empty when the record was not checked against the run's calls (VoiceQualityAnnotator).
    std::optional<uint32_t> callsInSetup;

    /// L2: link lost -> associated.
    std::optional<double> L2Ms() const
    {
        return SpanMs(tLinkLost, tAssociated);
    }
    /// DHCP: associated -> lease bound.
    std::optional<double> DhcpMs() const
    {
        return SpanMs(tAssociated, tLease);
    }
    /// Detection: lease bound -> the UA notices.
    std::optional<double> DetectionMs() const
    {
        return SpanMs(tLease, tDetected);
    }
    /// Discovery: the UA asked for the proxy -> the proxy known (0 for a table look-up).
    std::optional<double> DiscoveryMs() const
    {
        return SpanMs(tDiscoverySent, tDiscoveryDone);
    }
    /// Registration: REGISTER sent -> final 2xx.
    std::optional<double> RegistrationMs() const
    {
        return SpanMs(tRegisterSent, tRegisterOk);
    }
    /// Re-INVITE: sent -> 2xx.
    std::optional<double> ReinviteMs() const
    {
        return SpanMs(tReinviteSent, tReinviteOk);
    }
    /// Media gap towards the mobile: last packet at the old address -> first at the new one.
    std::optional<double> MediaGapDownMs() const
    {
        return SpanMs(tLastMediaDown, tMediaDown);
    }
    /// Media gap from the mobile, seen at the peer.
    std::optional<double> MediaGapUpMs() const
    {
        return SpanMs(tLastMediaUp, tMediaUp);
    }
    /// @return whether the status is one of a hand-off that completed ("completed", or
    /// "setup-stranded": completed, but a call in setup at the move was not moved)
    bool Completed() const
    {
        return status == "completed" || status == "setup-stranded";
    }
    /// Total: link lost -> first downlink media packet at the new address. For a completed
    /// hand-off it is set exactly when every term of L2 + DHCP + detection + discovery +
    /// registration + resume is, and then equals that sum (empty when the media came back before
    /// the re-INVITE, or there was no call); for any other status it is that partial span, the
    /// time until downlink media reached the new address by whatever means (e.g. a peer whose
    /// old target became valid again), which the components need not add up to.
    /// doc/results-schema.md, "Which components are set".
    std::optional<double> TotalMs() const
    {
        if (Completed() && (!L2Ms() || !DhcpMs() || !DetectionMs() || !DiscoveryMs() ||
                            !RegistrationMs() || !ResumeMs()))
        {
            return std::nullopt;
        }
        return SpanMs(tLinkLost, tMediaDown);
    }
    /// Media resumption: re-INVITE sent -> first downlink media packet at the new address (the
    /// re-INVITE's way to the peer, the peer's next frame and its way back; it overlaps
    /// ReinviteMs). The last term of TotalMs = L2 + DHCP + detection + discovery + registration +
    /// resume, each starting where the previous ended (doc/results-schema.md). Set only when the
    /// re-INVITE succeeded and the media came after it was sent: media at the new address without
    /// a successful re-INVITE, or before it, was not resumed by it.
    std::optional<double> ResumeMs() const
    {
        if (!tReinviteOk || !tReinviteSent || !tMediaDown || *tMediaDown < *tReinviteSent)
        {
            return std::nullopt;
        }
        return SpanMs(tReinviteSent, tMediaDown);
    }
};

/**
 * Checks the invariants every stored hand-off record keeps (doc/results-schema.md, "Which
 * components are set"): no duration is negative, and a completed hand-off's TotalMs(), when set,
 * equals the sum of its terms. A violation is a bug in whatever built the record, not a property
 * of the run.
 * \param h the record
 * \return "" when they hold, else what is wrong (e.g. "resume_ms = -814.6 is negative")
 */
inline std::string
HandoffRecordViolation(const HandoffRecord& h)
{
    const std::pair<const char*, std::optional<double>> spans[] = {
        {"l2_ms", h.L2Ms()},
        {"dhcp_ms", h.DhcpMs()},
        {"detection_ms", h.DetectionMs()},
        {"discovery_ms", h.DiscoveryMs()},
        {"registration_ms", h.RegistrationMs()},
        {"reinvite_ms", h.ReinviteMs()},
        {"resume_ms", h.ResumeMs()},
        {"media_gap_down_ms", h.MediaGapDownMs()},
        {"media_gap_up_ms", h.MediaGapUpMs()},
        {"total_ms", h.TotalMs()},
        {"scan_ms", h.scanMs},
        {"outage_down_ms", h.outageDownMs},
        {"outage_up_ms", h.outageUpMs},
    };
    char text[512];
    for (const auto& [name, value] : spans)
    {
        if (value && !(*value >= 0)) // NaN fails too
        {
            std::snprintf(text, sizeof(text), "%s = %.1f is negative", name, *value);
            return text;
        }
    }
    if (const auto total = h.TotalMs(); total && h.Completed())
    {
        const double sum = *h.L2Ms() + *h.DhcpMs() + *h.DetectionMs() + *h.DiscoveryMs() +
                           *h.RegistrationMs() + *h.ResumeMs();
        // The terms follow one another (each starts at the instant the previous ended), so the
        // sum and the span differ by double rounding only; 1 us is far above that.
        if (std::fabs(sum - *total) > 1e-3)
        {
            std::snprintf(text, sizeof(text),
                          "total_ms = %.3f differs from the sum of its terms, %.3f (a gap "
                          "between components)",
                          *total, sum);
            return text;
        }
    }
    return "";
}

/// One registration transaction as the UA saw it (first REGISTER sent -> final response).
struct RegistrationRecord
{
    std::string ua;      ///< AoR
    std::string contact; ///< Contact URI registered
    std::string via;     ///< where the REGISTER was sent ("host:port"): registrar or outbound proxy
    std::string model;   ///< registration model name ("home-only", "outbound-proxy")
    double tSent = 0;    ///< first REGISTER of the transaction sent
    std::optional<double> tFinal; ///< final response received (empty on timeout)
    int status = 0;               ///< final status code; 408 for a transaction timeout
    uint32_t expires = 0;         ///< expiry granted by the registrar (seconds)
};

/// One call (dialog) as one end saw it.
struct CallRecord
{
    std::string callId;
    std::string ua;   ///< AoR of this end
    std::string peer; ///< AoR of the other end
    bool outgoing = false;
    double tInvite = 0;              ///< INVITE sent or received
    std::optional<double> tRinging;  ///< 180 sent or received
    std::optional<double> tAnswered; ///< 200 OK sent or received
    std::optional<double> tEnded;    ///< BYE or failure
    int finalStatus = 0;             ///< final response to the INVITE (0 while none)
    std::string
        endReason; ///< "bye-sent", "bye-received", "cancelled", "no-answer", "failed", "timeout"
    std::optional<double> rFactor; ///< G.107 R of the audio this end heard, whole call
    std::optional<double> mos;     ///< its MOS (G.107 Annex B)
};

/// Media statistics of one direction of one call at the receiving end.
struct MediaRecord
{
    std::string callId;
    std::string ua;                     ///< AoR of the receiving end
    uint64_t sent = 0;                  ///< packets this end sent
    uint64_t received = 0;              ///< packets this end received
    uint64_t lost = 0;                  ///< expected - received (RFC 3550 A.3)
    double maxGapMs = 0;                ///< largest inter-arrival gap
    double jitterMs = 0;                ///< RFC 3550 interarrival jitter at the end of the call
    double meanDelayMs = 0;             ///< mean one-way delay (simulated clocks are exact)
    std::optional<double> rFactor;      ///< G.107 R over the call, after the playout buffer
    std::optional<double> mos;          ///< its MOS (G.107 Annex B)
    uint64_t late = 0;                  ///< packets that arrived after their playout instant
    std::optional<double> mouthToEarMs; ///< network + playout buffer + frame + look-ahead, ms
    /// The arrivals, to evaluate windows of the call (the hand-offs); not stored.
    std::shared_ptr<const VoiceQualityMeter> quality;
    std::shared_ptr<const PlayoutConfig> playout; ///< buffer used; not stored
    std::shared_ptr<const CodecImpairment> codec; ///< codec used; not stored
};

} // namespace sipmob

#endif
