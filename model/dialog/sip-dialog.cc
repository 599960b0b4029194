// SPDX-License-Identifier: GPL-2.0-only
#include "dialog/sip-dialog.h"

#include <algorithm>

namespace ns3
{

namespace
{
/// \return the first Contact URI of a message, if any
std::optional<sipmob::SipUri>
ContactUri(const sipmob::SipMessage& msg)
{
    std::vector<sipmob::SipNameAddr> contacts = msg.GetContacts();
    if (contacts.empty() || contacts.front().wildcard)
    {
        return std::nullopt;
    }
    return contacts.front().uri;
}

/// \return the destination a SIP URI names, when its host is an IPv4 literal
bool
UriDestination(const sipmob::SipUri& uri, InetSocketAddress& to)
{
    const std::string& host = uri.GetHost();
    if (host.empty() || std::count(host.begin(), host.end(), '.') != 3 ||
        host.find_first_not_of("0123456789.") != std::string::npos)
    {
        return false;
    }
    to = InetSocketAddress(Ipv4Address(host.c_str()), uri.GetPort() != 0 ? uri.GetPort() : 5060);
    return true;
}
} // namespace

SipDialog::SipDialog()
    : m_localSeq(0)
{
}

SipDialog
SipDialog::FromUac(const sipmob::SipMessage& request, const sipmob::SipMessage& response)
{
    SipDialog d;
    d.m_callId = request.GetCallId();
    d.m_local = request.GetFrom();
    d.m_remote = response.GetTo();
    d.m_localSeq = request.GetCSeq().seq;
    d.m_remoteTarget = ContactUri(response).value_or(request.GetRequestUri());
    d.m_routeSet = response.GetRecordRoutes();
    std::reverse(d.m_routeSet.begin(), d.m_routeSet.end()); // §12.1.2: reverse order
    return d;
}

SipDialog
SipDialog::FromUas(const sipmob::SipMessage& request, const std::string& localTag)
{
    SipDialog d;
    d.m_callId = request.GetCallId();
    d.m_local = request.GetTo();
    d.m_local.SetTag(localTag);
    d.m_remote = request.GetFrom();
    d.m_remoteSeq = request.GetCSeq().seq;
    d.m_remoteTarget = ContactUri(request).value_or(request.GetFrom().uri);
    d.m_routeSet = request.GetRecordRoutes(); // §12.1.1: in order
    return d;
}

sipmob::SipMessage
SipDialog::MakeRequest(const std::string& method, const std::string& contact, uint32_t ackSeq)
{
    bool loose = m_routeSet.empty() || m_routeSet.front().uri.HasParam("lr");
    sipmob::SipUri ruri = loose ? m_remoteTarget : m_routeSet.front().uri;
    sipmob::SipMessage req = sipmob::SipMessage::MakeRequest(method, ruri);
    req.SetFrom(m_local);
    req.SetTo(m_remote);
    req.SetHeader("Call-ID", m_callId);
    uint32_t seq = method == "ACK" ? ackSeq : ++m_localSeq;
    req.SetHeader("CSeq", sipmob::SipCSeq{seq, method}.ToString());
    req.SetMaxForwards(70);
    for (size_t i = loose ? 0 : 1; i < m_routeSet.size(); ++i)
    {
        req.AddHeader("Route", m_routeSet[i].ToString());
    }
    if (!loose)
    {
        req.AddHeader("Route", "<" + m_remoteTarget.ToString() + ">");
    }
    if (!contact.empty())
    {
        req.SetHeader("Contact", contact);
    }
    return req;
}

bool
SipDialog::NextHop(InetSocketAddress& to) const
{
    return UriDestination(m_routeSet.empty() ? m_remoteTarget : m_routeSet.front().uri, to);
}

bool
SipDialog::AcceptRemoteCSeq(const sipmob::SipMessage& request)
{
    uint32_t seq = request.GetCSeq().seq;
    if (m_remoteSeq && seq < *m_remoteSeq)
    {
        return false;
    }
    m_remoteSeq = seq;
    return true;
}

void
SipDialog::RefreshTarget(const sipmob::SipMessage& msg)
{
    if (auto uri = ContactUri(msg))
    {
        m_remoteTarget = *uri;
    }
}

bool
SipDialog::Matches(const sipmob::SipMessage& msg) const
{
    if (msg.GetCallId() != m_callId)
    {
        return false;
    }
    // A request from the other end carries its tag in From; a response to us, in To.
    bool fromRemote = msg.IsRequest();
    const std::string remote = fromRemote ? msg.GetFrom().GetTag() : msg.GetTo().GetTag();
    const std::string local = fromRemote ? msg.GetTo().GetTag() : msg.GetFrom().GetTag();
    return remote == m_remote.GetTag() && local == m_local.GetTag();
}

const std::string&
SipDialog::GetCallId() const
{
    return m_callId;
}

std::string
SipDialog::GetLocalTag() const
{
    return m_local.GetTag();
}

std::string
SipDialog::GetRemoteTag() const
{
    return m_remote.GetTag();
}

const sipmob::SipUri&
SipDialog::GetRemoteTarget() const
{
    return m_remoteTarget;
}

const std::vector<sipmob::SipNameAddr>&
SipDialog::GetRouteSet() const
{
    return m_routeSet;
}

uint32_t
SipDialog::GetLocalSeq() const
{
    return m_localSeq;
}

const sipmob::SipNameAddr&
SipDialog::GetRemote() const
{
    return m_remote;
}

} // namespace ns3
