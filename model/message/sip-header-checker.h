// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SIP_HEADER_CHECKER_H
#define SIPMOB_SIP_HEADER_CHECKER_H

#include "message/sip-message.h"
#include "message/sip-scan.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace sipmob
{

/**
 * \brief The header stage of SipMessageParser's strict mode: the element-level syntax checks of
 * the header values (RFC 3261 §25.1 grammar of Via, From, To, Contact, Route, Record-Route,
 * Call-ID, CSeq, Max-Forwards, Expires, Allow, Content-Type; RFC 4028 Session-Expires; RFC 4475
 * torture cases).
 *
 * Fed each header field of one message in order; keeps what it scanned in that message.
 */
class SipHeaderChecker
{
public:
    /// \param msg the message being parsed (its request line already set)
    explicit SipHeaderChecker(SipMessage& msg);
    /**
     * \brief Check one header field's value (other header names pass unchecked).
     * \param id headers::Id of the field's name
     * \param value the trimmed, unfolded value
     * \param rule on failure, the header's name for the error ("Via")
     * \param why on failure, what is wrong
     * \return false when the value is malformed
     */
    bool Check(uint8_t id, std::string_view value, const char*& rule, std::string& why);
    /// \brief After the last field: mark which typed values are ready or built from the scan.
    void Finish();

private:
    // The checks of the core headers keep what they scanned: the pieces of every Via, From, To
    // and Contact value (SipMessage::m_scanned, built into typed values on first use) and the
    // CSeq and Max-Forwards values themselves (SipMessage::CoreHeaders).
    bool CheckVia(std::string_view value, std::string& why);
    bool CheckAddress(std::string_view value, std::string& why, uint8_t id, bool seen);
    bool CheckContacts(std::string_view value, std::string& why);
    bool CheckAddressList(std::string_view value, std::string& why, bool record = false);
    /// \brief Keep the pieces of a From/To/Contact value for its typed getter.
    void Record(uint8_t id, const scan::NameAddrView& na);
    /// Route / Record-Route: name-addr values, no `*` (RFC 3261 §20.30, §20.34)
    bool CheckRouteList(std::string_view value, std::string& why);
    bool CheckCallId(std::string_view value, std::string& why);
    bool CheckCSeq(std::string_view value, std::string& why);
    bool CheckMaxForwards(std::string_view value, std::string& why);
    bool CheckExpires(std::string_view value, std::string& why);
    bool CheckAllow(std::string_view value, std::string& why);
    bool CheckContentType(std::string_view value, std::string& why);
    bool CheckSessionExpires(std::string_view value, std::string& why);

    SipMessage& m_msg; ///< the message being built

    /// Single-valued core headers already stored (the getters return the first occurrence).
    enum Seen : uint8_t
    {
        kSeenFrom = 1,
        kSeenTo = 2,
        kSeenCSeq = 8,
        kSeenMaxForwards = 16,
    };

    uint8_t m_seen = 0; ///< Seen bits
};

} // namespace sipmob

#endif
