// SPDX-License-Identifier: GPL-2.0-only
// Registrar bindings (RFC 3261 section 10.3) per address-of-record, on plain strings and
// simulated seconds passed in by the caller. No SIP message class, no ns-3 header.
#ifndef SIPMOB_LOCATION_SERVICE_H
#define SIPMOB_LOCATION_SERVICE_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sipmob
{

/// One binding of an address-of-record to a contact.
struct Binding
{
    std::string contact;  ///< contact URI, compared as an exact string (caller normalises)
    double expiresAt = 0; ///< simulated time (s) at which the binding expires
    double q = 1.0;       ///< preference, 0..1
    std::string callId;   ///< Call-ID of the REGISTER that last set it
    uint32_t cseq = 0;    ///< CSeq number of that REGISTER
    std::string path;     ///< where the REGISTER came from ("host:port"); empty when direct
    double updatedAt = 0; ///< simulated time (s) of the REGISTER that last added or refreshed it

    /// @return whole seconds left at @p now (rounded up, 0 when expired), for the 200 response
    uint32_t Remaining(double now) const;
};

/// One contact of a REGISTER request.
struct ContactUpdate
{
    std::string uri;                 ///< contact URI, or "*" (wildcard)
    std::optional<uint32_t> expires; ///< its "expires" parameter, if any
    std::optional<double> q;         ///< its "q" parameter, if any (1.0 when absent)
};

/// What the registrar needs of a REGISTER request (step 6-8 of RFC 3261 section 10.3).
struct RegisterRequest
{
    std::string aor;                     ///< address-of-record (canonical To URI)
    std::vector<ContactUpdate> contacts; ///< Contact header fields; empty: query only
    std::optional<uint32_t> expires;     ///< Expires header field, if any
    std::string callId;                  ///< Call-ID
    uint32_t cseq = 0;                   ///< CSeq number
    std::string path;                    ///< "host:port" the request came through; may be empty
};

/// The registrar's decision; the value is the SIP status code to answer.
enum class RegisterStatus : int
{
    OK = 200,                   ///< bindings updated (or queried)
    BAD_REQUEST = 400,          ///< misused "*" or a q outside 0..1
    INTERVAL_TOO_BRIEF = 423,   ///< an expiry below Min-Expires; answer with Min-Expires
    SERVER_INTERNAL_ERROR = 500 ///< same Call-ID with a CSeq not higher than the binding's
};

/// The outcome of LocationService::Register().
struct RegisterResult
{
    RegisterStatus status = RegisterStatus::OK; ///< decision (the SIP status code)
    std::string reason;                         ///< why, when not OK (for logs and traces)
    uint32_t minExpires = 0;                    ///< the Min-Expires to send with a 423
    std::vector<Binding> bindings; ///< current bindings of the AoR after the request (on 200)
    std::vector<Binding> removed;  ///< bindings this request removed (on 200)
};

/// A binding removed by LocationService::Purge() because it expired.
struct ExpiredBinding
{
    std::string aor; ///< its address-of-record
    Binding binding; ///< the binding as it was
};

/**
 * Location service of a registrar: bindings of addresses-of-record to contacts, updated by
 * REGISTER requests as RFC 3261 section 10.3 steps 6 to 8 say. A request is all or nothing: if
 * any contact fails (400, 423, 500) no binding changes.
 *
 * Expiry of each contact: its "expires" parameter, else the Expires header, else the default
 * (3600 s); 0 removes the binding; a non-zero expiry below the minimum (60 s by default) is
 * refused with 423; an expiry above the maximum (7200 s by default) is shortened to it.
 * Bindings whose expiresAt <= now are invisible to Lookup() and treated as absent by
 * Register(); Purge() removes and reports them.
 */
class LocationService
{
public:
    /// @param seconds smallest non-zero expiry accepted (Min-Expires)
    void SetMinExpires(uint32_t seconds);
    /// @return smallest non-zero expiry accepted
    uint32_t GetMinExpires() const;
    /// @param seconds expiry granted when the request gives none
    void SetDefaultExpires(uint32_t seconds);
    /// @return expiry granted when the request gives none
    uint32_t GetDefaultExpires() const;
    /// @param seconds largest expiry granted (longer requests are shortened)
    void SetMaxExpires(uint32_t seconds);
    /// @return largest expiry granted
    uint32_t GetMaxExpires() const;

    /**
     * Applies a REGISTER (steps 6-8).
     * @param request the request's AoR, contacts, Expires, Call-ID, CSeq and path
     * @param now current simulated time (s)
     * @return the decision, with the AoR's current bindings when OK
     */
    RegisterResult Register(const RegisterRequest& request, double now);

    /**
     * Convenience for a REGISTER with a single contact.
     * @param aor address-of-record
     * @param contact contact URI, or "*" (with @p expires 0)
     * @param expires requested expiry (s); nothing: the default
     * @param callId Call-ID
     * @param cseq CSeq number
     * @param now current simulated time (s)
     * @param q preference of the contact
     * @return the decision, as Register()
     */
    RegisterResult Update(const std::string& aor, const std::string& contact,
                          std::optional<uint32_t> expires, const std::string& callId, uint32_t cseq,
                          double now, double q = 1.0);

    /**
     * @param aor address-of-record
     * @param now current simulated time (s)
     * @return the bindings not expired at @p now, highest q first; equal q: most recently
     *         registered or refreshed first (within one REGISTER: in the request's order)
     *
     * RFC 3261 leaves the order of equal-q contacts to the registrar. A mobile that moved
     * registers its new contact after the old one, so the latest registration is the best guess
     * of where it is now; a proxy that tries only the first contact reaches it there.
     */
    std::vector<Binding> Lookup(const std::string& aor, double now) const;

    /**
     * Removes one binding regardless of Call-ID and CSeq (administrative removal).
     * @param aor address-of-record
     * @param contact contact URI
     * @return whether a binding was removed
     */
    bool Remove(const std::string& aor, const std::string& contact);

    /**
     * Removes every binding expired at @p now.
     * @param now current simulated time (s)
     * @return the removed bindings, by AoR then least recently updated first, so the owner can
     * trace them
     */
    std::vector<ExpiredBinding> Purge(double now);

    /// @return number of bindings stored (expired but not purged ones included)
    std::size_t Count() const;

    /// @return the addresses-of-record that have at least one stored binding, sorted
    std::vector<std::string> Aors() const;

private:
    /// Outcome of computing a contact's expiry.
    struct Expiry
    {
        RegisterStatus status; ///< OK or INTERVAL_TOO_BRIEF
        uint32_t seconds;      ///< granted expiry (0: remove)
    };

    /// Expiry of @p contact in @p request (step 7).
    Expiry ComputeExpiry(const ContactUpdate& contact, const RegisterRequest& request) const;
    /// Checks @p request's use of "*" and q values (step 6); empty when valid.
    static std::string CheckContacts(const RegisterRequest& request);
    /// "*" with Expires 0: removes all bindings of the AoR, if the Call-ID/CSeq rule allows.
    RegisterResult RemoveAll(const RegisterRequest& request, double now);
    /// Step 7 for every contact, on a copy; commits only when all succeed.
    RegisterResult Apply(const RegisterRequest& request, double now);
    /// Whether the request may replace @p existing (the Call-ID/CSeq rule); fills @p result.
    static bool MayUpdate(const Binding& existing, const RegisterRequest& request, double now,
                          RegisterResult& result);

    uint32_t m_minExpires = 60;       ///< Min-Expires
    uint32_t m_defaultExpires = 3600; ///< expiry when the request gives none
    uint32_t m_maxExpires = 7200;     ///< expiry clamp
    /// Bindings per AoR, least recently registered or refreshed first.
    std::map<std::string, std::vector<Binding>> m_bindings;
};

} // namespace sipmob

#endif // SIPMOB_LOCATION_SERVICE_H
