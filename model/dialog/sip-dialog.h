// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_DIALOG_H
#define SIPMOB_SIP_DIALOG_H

#include "message/sip-message.h"

#include "ns3/inet-socket-address.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \brief The dialog state of one end of a call (RFC 3261 §12): Call-ID, tags, CSeq numbers,
 *        route set (from Record-Route) and remote target (from Contact).
 *
 * In-dialog requests go to the first Route when the route set is not empty (loose routing, the
 * Request-URI is the remote target; a strict first route becomes the Request-URI, §12.2.1.1),
 * else to the remote target.
 */
class SipDialog
{
public:
    SipDialog();
    /**
     * \brief The dialog of a UAC, from its INVITE and a 2xx (or tagged 1xx) to it (§12.1.2).
     * \param request the INVITE sent
     * \param response the response received
     * \return the dialog
     */
    static SipDialog FromUac(const sipmob::SipMessage& request, const sipmob::SipMessage& response);
    /**
     * \brief The dialog of a UAS, from the INVITE received (§12.1.1).
     * \param request the INVITE received
     * \param localTag the To tag this UAS puts in its responses
     * \return the dialog
     */
    static SipDialog FromUas(const sipmob::SipMessage& request, const std::string& localTag);

    /**
     * \brief A new in-dialog request (§12.2.1.1). Its CSeq is the next local one, except for ACK,
     *        which takes \p ackSeq.
     * \param method the method
     * \param contact this end's Contact (empty: none)
     * \param ackSeq CSeq number of the INVITE an ACK acknowledges
     * \return the request, without Via
     */
    sipmob::SipMessage MakeRequest(const std::string& method, const std::string& contact,
                                   uint32_t ackSeq = 0);
    /**
     * \brief Where an in-dialog request goes: the first Route, else the remote target.
     * \param[out] to the destination
     * \return false when that URI's host is not an IPv4 address
     */
    bool NextHop(InetSocketAddress& to) const;
    /**
     * \brief Check and record the CSeq of a request received in the dialog (§12.2.2).
     * \param request the request
     * \return false when it is lower than the last one (answer 500)
     */
    bool AcceptRemoteCSeq(const sipmob::SipMessage& request);
    /**
     * \brief Take a new remote target from a target refresh (re-INVITE or its 2xx).
     * \param msg the message; no Contact: unchanged
     */
    void RefreshTarget(const sipmob::SipMessage& msg);
    /**
     * \param msg a request from the other end, or a response to a request of this end
     * \return true when Call-ID and both tags match this dialog
     */
    bool Matches(const sipmob::SipMessage& msg) const;

    /// \return the Call-ID
    const std::string& GetCallId() const;
    /// \return the local tag
    std::string GetLocalTag() const;
    /// \return the remote tag
    std::string GetRemoteTag() const;
    /// \return the remote target
    const sipmob::SipUri& GetRemoteTarget() const;
    /// \return the route set, first hop first
    const std::vector<sipmob::SipNameAddr>& GetRouteSet() const;
    /// \return the last local CSeq number used
    uint32_t GetLocalSeq() const;
    /// \return the remote URI (AoR of the other end)
    const sipmob::SipNameAddr& GetRemote() const;

private:
    std::string m_callId;                        ///< Call-ID
    sipmob::SipNameAddr m_local;                 ///< local URI with local tag
    sipmob::SipNameAddr m_remote;                ///< remote URI with remote tag
    uint32_t m_localSeq;                         ///< last local CSeq
    std::optional<uint32_t> m_remoteSeq;         ///< last remote CSeq
    sipmob::SipUri m_remoteTarget;               ///< Contact of the other end
    std::vector<sipmob::SipNameAddr> m_routeSet; ///< Record-Route derived route set
};

} // namespace ns3

#endif
