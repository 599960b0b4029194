// SPDX-License-Identifier: GPL-2.0-only
#include "dialog/uas-responder.h"

namespace ns3
{

UasResponder::UasResponder(Ptr<SipStack> stack, Ptr<UniformRandomVariable> rng, std::string allow,
                           ContactSource contact)
    : m_stack(stack)
    , m_rng(rng)
    , m_allow(std::move(allow))
    , m_contact(std::move(contact))
{
}

void
UasResponder::Release()
{
    m_stack = nullptr;
    m_rng = nullptr;
    m_contact = nullptr;
}

void
UasResponder::Respond(const SipStack::ServerTxnId& id, const sipmob::SipMessage& req, int code,
                      const std::string& tag) const
{
    sipmob::SipMessage r = sipmob::SipMessage::MakeResponse(req, code);
    if (code > 100 && r.GetTo().GetTag().empty())
    {
        sipmob::SipNameAddr to = r.GetTo();
        to.SetTag(tag.empty() ? NewToken() : tag);
        r.SetTo(to);
    }
    if (code == 405 || (code == 200 && req.GetMethod() == "OPTIONS"))
    {
        r.SetHeader("Allow", m_allow);
    }
    if (req.GetMethod() == "INVITE" && code > 100 && code < 300)
    {
        r.SetHeader("Contact", Contact());
    }
    if (code == 500)
    {
        r.SetHeader("Retry-After", std::to_string(m_rng->GetInteger(0, 10)));
    }
    m_stack->SendResponse(id, r);
}

std::string
UasResponder::NewToken() const
{
    // RFC 3261 §19.3 tags and Call-IDs: unpredictable (keyed hash under the stack's per-run
    // secret, issue 11), 64 bits.
    return m_stack->NewToken("token", 16);
}

std::string
UasResponder::Contact() const
{
    return m_contact();
}

} // namespace ns3
