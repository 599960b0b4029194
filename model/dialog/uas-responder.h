// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_UAS_RESPONDER_H
#define SIPMOB_UAS_RESPONDER_H

#include "message/sip-message.h"
#include "stack/sip-stack.h"

#include "ns3/random-variable-stream.h"

#include <functional>
#include <string>

namespace ns3
{

/**
 * \brief Builds and sends the responses of a user agent server (RFC 3261 §8.2.6): the To tag of
 *        every response above 100, Allow on 405 and on the 200 to OPTIONS (§11.2), Contact on a
 *        1xx/2xx to INVITE (§13.3.1), Retry-After on 500 (§14.2: 0-10 s).
 *
 * Shared by the user agent's request handler and its INVITE sessions, so that every response of
 * one user agent looks the same.
 */
class UasResponder
{
public:
    /// \return this end's Contact header value, e.g. "<sip:1001@10.1.0.5:5060>"
    using ContactSource = std::function<std::string()>;

    /**
     * \param stack the user agent's stack (sends the responses, draws tags)
     * \param rng draws the Retry-After seconds of a 500
     * \param allow the Allow header value (methods this user agent implements)
     * \param contact this end's current Contact
     */
    UasResponder(Ptr<SipStack> stack, Ptr<UniformRandomVariable> rng, std::string allow,
                 ContactSource contact);

    /**
     * \brief Answer a request in its server transaction.
     * \param id the server transaction
     * \param req the request
     * \param code the status code (100-699)
     * \param tag the To tag for a response above 100 ("": a new random tag, when the request
     *        has none)
     */
    void Respond(const SipStack::ServerTxnId& id, const sipmob::SipMessage& req, int code,
                 const std::string& tag = "") const;
    /// \return a new random token (tags, Call-IDs): 64 bits, keyed under the stack's secret
    std::string NewToken() const;
    /// \return this end's current Contact header value
    std::string Contact() const;
    /// Drop the stack, the random variable and the Contact source (the owner's DoDispose): a
    /// responder still referenced afterwards keeps no ns-3 object alive. Not to be used again.
    void Release();

private:
    Ptr<SipStack> m_stack;            ///< sends the responses
    Ptr<UniformRandomVariable> m_rng; ///< Retry-After
    std::string m_allow;              ///< Allow header value
    ContactSource m_contact;          ///< this end's Contact
};

} // namespace ns3

#endif
