// SPDX-License-Identifier: GPL-2.0-only
#include "ua/request-handler.h"

#include "ns3/log.h"

#include <map>
#include <string>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UaRequestHandler");

RequestHandler::RequestHandler(CallController& calls, std::shared_ptr<const UasResponder> uas)
    : m_calls(calls)
    , m_uas(std::move(uas))
{
}

void
RequestHandler::OnRequest(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id,
                          const InetSocketAddress& from)
{
    NS_LOG_FUNCTION(this << req.GetMethod() << from);
    using H = RequestHandler;
    static const std::map<std::string, MethodHandler> handlers{
        {"INVITE", &H::OnInvite},        {"BYE", &H::OnInDialog},
        {"CANCEL", &H::OnCancel},        {"OPTIONS", &H::OnOptions},
        {"REGISTER", &H::OnUnsupported}, {"SUBSCRIBE", &H::OnUnsupported},
        {"NOTIFY", &H::OnUnsupported},   {"REFER", &H::OnUnsupported},
        {"MESSAGE", &H::OnUnsupported},  {"INFO", &H::OnUnsupported},
        {"UPDATE", &H::OnUnsupported},   {"PRACK", &H::OnUnsupported},
        {"PUBLISH", &H::OnUnsupported},
    };
    if (req.GetMethod() == "ACK")
    {
        OnAck(req);
        return;
    }
    auto it = handlers.find(req.GetMethod());
    if (it == handlers.end())
    {
        m_uas->Respond(id, req, 501); // §8.2.1: a method we do not know
        return;
    }
    (this->*(it->second))(req, id);
}

void
RequestHandler::OnInvite(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    if (req.GetTo().GetTag().empty())
    {
        m_calls.OnNewInvite(req, id);
    }
    else
    {
        OnInDialog(req, id);
    }
}

void
RequestHandler::OnOptions(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    m_uas->Respond(id, req, 200);
}

void
RequestHandler::OnUnsupported(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    m_uas->Respond(id, req,
                   405); // known method this UA does not implement; Allow added
}

void
RequestHandler::OnInDialog(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    auto call = m_calls.FindCall(req);
    if (!call)
    {
        m_uas->Respond(id, req, 481);
        return;
    }
    call->session->OnInDialogRequest(req, id);
}

void
RequestHandler::OnCancel(const sipmob::SipMessage& req, const SipStack::ServerTxnId& id)
{
    auto call = m_calls.FindCallById(req.GetCallId());
    if (!call || !call->session->IsCancelOf(req))
    {
        m_uas->Respond(id, req, 481);
        return;
    }
    m_uas->Respond(id, req, 200);
    call->session->OnCancel(req);
}

void
RequestHandler::OnAck(const sipmob::SipMessage& ack)
{
    if (auto call = m_calls.FindCall(ack))
    {
        call->session->OnAck(ack);
    }
}

void
RequestHandler::OnStray(const sipmob::SipMessage& msg, const InetSocketAddress& from)
{
    NS_LOG_FUNCTION(this << from);
    if (msg.IsRequest())
    {
        if (msg.GetMethod() == "ACK")
        {
            OnAck(msg);
        }
        return;
    }
    if (auto call = m_calls.FindCallById(msg.GetCallId()))
    {
        call->session->OnStrayResponse(msg);
    }
}

} // namespace ns3
