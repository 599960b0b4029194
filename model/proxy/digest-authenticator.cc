// SPDX-License-Identifier: GPL-2.0-only
#include "proxy/digest-authenticator.h"
#include "message/sip-digest-auth.h"
#include "proxy/marshal-services.h"

#include "ns3/simulator.h"

namespace ns3
{

std::string
DigestAuthenticator::Name() const
{
    return "digest-authenticator";
}

MarshalProcessor::Result
DigestAuthenticator::Process(const std::shared_ptr<MarshalRequest>& request)
{
    const auto& subscriber = request->subscriber;
    // In-dialog requests and ACK are not challenged: an ACK cannot be, and the user agents of
    // the testbed answer no challenge inside a dialog (doc/security.md, known limits).
    const sipmob::SipMessage& req = request->request;
    if (!m_services.digest || !subscriber || subscriber->password.empty() ||
        req.GetMethod() == "ACK" || !req.GetTo().GetTag().empty())
    {
        return Result::CONTINUE;
    }
    const sipmob::SipMessage& msg = request->request;
    bool isRegister = msg.GetMethod() == "REGISTER";
    auto credentials = msg.GetDigest(isRegister ? "Authorization" : "Proxy-Authorization");
    if (!credentials || credentials->Get("realm").value_or("") != m_services.realm ||
        !m_nonces.count(credentials->Get("nonce").value_or("")))
    {
        Challenge(*request);
        return Result::DONE;
    }
    auto get = [&credentials](const char* name) { return credentials->Get(name).value_or(""); };
    std::string expected = sipmob::DigestResponse(
        subscriber->user, m_services.realm, subscriber->password, msg.GetMethod(), get("uri"),
        get("nonce"), get("nc"), get("cnonce"), get("qop"));
    if (get("username") != subscriber->user || get("response") != expected)
    {
        m_services.AuthFailed(subscriber->user + "@" + subscriber->domain, "wrong credentials");
        m_services.Reject(msg, request->id, 403, "Forbidden",
                          "wrong credentials for " + subscriber->user);
        return Result::DONE;
    }
    return Result::CONTINUE;
}

void
DigestAuthenticator::Challenge(const MarshalRequest& request)
{
    bool isRegister = request.request.GetMethod() == "REGISTER";
    std::string nonce = sipmob::Md5Hex(m_services.realm + ":" + std::to_string(++m_nonceCount) +
                                       ":" + std::to_string(Simulator::Now().GetNanoSeconds()));
    m_nonces.insert(nonce);
    sipmob::SipDigest challenge;
    challenge.Set("realm", m_services.realm);
    challenge.Set("nonce", nonce);
    challenge.Set("algorithm", "MD5");
    challenge.Set("qop", "auth");
    int code = isRegister ? 401 : 407;
    sipmob::SipMessage response = SipProxyCore::MakeFinal(request.request, code);
    response.AddHeader(isRegister ? "WWW-Authenticate" : "Proxy-Authenticate",
                       challenge.ToString());
    (*m_services.rejected)(request.request, code, response.GetReasonPhrase());
    m_services.stack->SendResponse(request.id, response);
}

} // namespace ns3
