// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_DIALOG_AUTHENTICATOR_H
#define SIPMOB_DIALOG_AUTHENTICATOR_H

#include "proxy/marshal-processor.h"

namespace ns3
{

/**
 * \brief Authenticates in-dialog requests (To tag, RFC 3261 §12.2) by their dialog, not by their
 *        From URI.
 *
 * The From of an in-dialog request is the dialog's local URI (§12.2.1.1): for the callee it is
 * whatever form of its number the caller dialled (`1001` qualified as `1001@net3.example.org`),
 * which names no subscriber or visitor of the callee's home network. So the marshal server binds
 * its own Record-Route to the dialog instead: it carries a dialog token
 * (MarshalServices::DialogToken, HMAC of the Call-ID and the initial From tag under the server's
 * key), which §16.6 step 4 lets a proxy put in its Record-Route URI and §12.2.1.1 brings back in
 * the Route of every later request of the dialog. A request whose leading Route of ours carries
 * the token of its own dialog is authenticated: the marshal authorized that dialog itself.
 *
 * Refused with 403 + Warning (an ACK is dropped): a token of another dialog; an in-dialog request
 * with no Route of ours (nothing was record-routed here for it: relaying it would make the
 * marshal an open relay). A Route of ours without a token was pre-loaded by a user agent that
 * uses this server as outbound proxy (§8.1.2) for a dialog it did not record-route: its sender is
 * authenticated as for an initial request, by who it is rather than by the dialog's From: the
 * visitor registered from its source address (and Contact), or the subscriber its Contact names
 * from that address; otherwise the authenticators after this one judge it by From.
 */
class DialogAuthenticator : public MarshalProcessor
{
public:
    using MarshalProcessor::MarshalProcessor;
    /// \return "dialog-authenticator"
    std::string Name() const override;
    Result Process(const std::shared_ptr<MarshalRequest>& request) override;
};

} // namespace ns3

#endif
