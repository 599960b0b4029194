// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_CHANNEL_SCANNER_H
#define SIPMOB_CHANNEL_SCANNER_H

#include "ns3/callback.h"
#include "ns3/capability-information.h"
#include "ns3/event-id.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/supported-rates.h"

#include <string>
#include <vector>

namespace ns3
{

/// What a scan learnt about one AP (its last Beacon or Probe Response).
struct ScanCandidate
{
    Mac48Address bssid;               //!< BSSID (the AP's address in an ESS)
    double snr{0};                    //!< SNR of the last frame heard (linear)
    uint8_t channel{0};               //!< channel it was heard on
    Time beaconInterval;              //!< from its Beacon or Probe Response
    SupportedRates rates;             //!< its supported rates
    CapabilityInformation capability; //!< its capability information
    bool refused{false};              //!< it refused us (or did not answer) during this scan
};

/**
 * \brief The scanning half of RoamingStaWifiMac: visits a channel list, dwells on each channel
 * (passive or active, IEEE 802.11-2020 §11.1.4) and collects the APs heard.
 *
 * Passive scanning listens for beacons for PassiveDwell on each channel. Active scanning waits
 * ProbeDelay, has a broadcast Probe Request sent and listens: with MinChannelTime > 0, a channel
 * on which nothing was received within MinChannelTime after the request is left then, otherwise
 * the station listens until MaxChannelTime (§11.1.4.3.2; Mishra, Shin, Arbaugh, "An empirical
 * analysis of the IEEE 802.11 MAC layer handoff process", ACM CCR 33(2), 2003, measured these two
 * timers as what makes the probe phase dominate a hand-off). "Received" stands in for the
 * standard's PHY-CCA busy indication: any frame the MAC got on the channel during the dwell.
 *
 * The owner (the MAC) tunes the PHY, sends the Probe Request and decides what to do with the
 * result; it calls Stop() on every state change, so no scan timer outlives the scan.
 */
class ChannelScanner
{
public:
    /// How long to stay on each channel.
    struct Timing
    {
        bool active{false};                   //!< send a Probe Request on each channel
        Time passiveDwell;                    //!< passive: listening time per channel
        Ptr<RandomVariableStream> probeDelay; //!< active: delay before the request (us)
        Time minChannelTime;                  //!< active: leave a quiet channel then (0: off)
        Time maxChannelTime;                  //!< active: listening time after the request
    };

    /// \param channel a channel to tune to
    using TuneCallback = Callback<void, uint8_t>;
    /// Send a broadcast Probe Request on the current channel.
    using ProbeCallback = Callback<void>;
    /// The scan of every channel of the list has ended.
    using DoneCallback = Callback<void>;

    /**
     * \brief Parse a channel list "1,6,11" (decimal numbers 1-14, comma separated, no duplicate).
     * \param text the list ("" for none)
     * \param channels the parsed list (output; unchanged on error)
     * \return an empty string, or the reason the text is not a channel list
     */
    static std::string ParseChannelList(const std::string& text, std::vector<uint8_t>* channels);
    /**
     * \param channels a channel list
     * \return an empty string, or why it is not one (outside 1-14, listed twice)
     */
    static std::string CheckChannelList(const std::vector<uint8_t>& channels);
    /// \param channels a channel list \return its text form ("1,6,11")
    static std::string FormatChannelList(const std::vector<uint8_t>& channels);

    /**
     * \param channels the channels a scan visits, in order (IEEE 802.11b: 1-14; empty: only the
     *        channel the PHY is on when the scan starts)
     * \return an empty string, or why the list was refused (nothing is changed then)
     */
    std::string SetChannels(const std::vector<uint8_t>& channels);
    /// \return the channels a scan visits (empty: the current channel only)
    const std::vector<uint8_t>& GetChannels() const;

    /// \param tune tunes the PHY \param probe sends a Probe Request \param done scan ended
    void SetCallbacks(TuneCallback tune, ProbeCallback probe, DoneCallback done);

    /**
     * \brief Forget the APs of the previous scan and dwell on the first channel.
     * \param current the channel the PHY is on (scanned alone when the list is empty)
     * \param timing the dwell times
     */
    void Start(uint8_t current, const Timing& timing);
    /// Cancel the dwell timers (the candidates stay readable).
    void Stop();

    /// Something was received on the channel of the dwell under way (CCA-busy stand-in).
    void NoteFrameReceived();
    /**
     * \brief Record an AP heard on the current channel (a Beacon or Probe Response).
     * \param heard what was learnt (its refused flag is ignored)
     */
    void Hear(const ScanCandidate& heard);
    /// \return the AP with the highest SNR not refused in this scan, or null
    const ScanCandidate* Best() const;
    /// \param bssid an AP not to try again in this scan
    void Refuse(Mac48Address bssid);

    /// \return channels the last scan dwelt on
    uint32_t GetChannelsScanned() const;
    /// \return APs heard in the last scan (distinct BSSIDs)
    uint32_t GetCandidates() const;
    /// \return start of the last scan -> its end (simulated s)
    Time GetDuration() const;

private:
    void DwellOn(std::size_t index);
    void SendProbe();
    void CheckQuiet(std::size_t index);
    void EndDwell(std::size_t index);
    ScanCandidate* Find(Mac48Address bssid);

    std::vector<uint8_t> m_channels;         //!< channels a scan visits (empty: current)
    std::vector<uint8_t> m_order;            //!< channels of the scan under way
    std::vector<ScanCandidate> m_candidates; //!< APs heard in the scan under way
    Timing m_timing;                         //!< dwell times of the scan under way
    Time m_start;                            //!< start of the scan under way
    Time m_end;                              //!< end of the last scan
    bool m_received{false};                  //!< a frame arrived during the dwell
    EventId m_dwellTimer;                    //!< end of the dwell (or its quiet check)
    EventId m_probeEvent;                    //!< pending Probe Request of the dwell
    TuneCallback m_tune;                     //!< tunes the PHY
    ProbeCallback m_probe;                   //!< sends a Probe Request
    DoneCallback m_done;                     //!< scan ended
};

} // namespace ns3

#endif // SIPMOB_CHANNEL_SCANNER_H
