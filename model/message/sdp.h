// SPDX-License-Identifier: GPL-2.0-only
#ifndef SIPMOB_SDP_H
#define SIPMOB_SDP_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipmob
{

/**
 * \brief An SDP session description (RFC 4566) as needed for an audio offer/answer.
 *
 * Every line is kept in order (unknown types too); the origin, session-level and media-level
 * connection and the media lines are readable and writable.
 */
class Sdp
{
public:
    /**
     * \brief Parse a session description (CRLF or LF line ends).
     * \param text the body
     * \param err if not null, receives the reason on failure
     * \return the description or nullopt (missing v/o/s/t, bad o=, c=, m= syntax)
     */
    static std::optional<Sdp> Parse(std::string_view text, std::string* err = nullptr);
    /**
     * \brief An audio offer: v, o, s, c, t, m=audio with the payload types, rtpmap for known ones.
     * \param originUser o= user name
     * \param sessionId o= session id (version starts at the same value)
     * \param address IPv4 address (c= and o=)
     * \param port audio RTP port
     * \param payloadTypes RTP payload types (0 PCMU, 8 PCMA, 101 telephone-event known)
     * \return the description
     */
    static Sdp MakeAudioOffer(std::string originUser, uint64_t sessionId, std::string address,
                              uint16_t port, std::vector<int> payloadTypes = {0});
    /// \return the text with CRLF line ends
    std::string Serialize() const;
    /// \return the session-level c= address, else the first media's
    std::string GetConnectionAddress() const;
    /// \param address sets every c= address (and o= address) to this IPv4 address
    void SetConnectionAddress(std::string address);
    /// \return the port of the first m=audio line (0 when none)
    uint16_t GetAudioPort() const;
    /// \param port the new port of the first m=audio line
    void SetAudioPort(uint16_t port);
    /// \return the o= session version
    uint64_t GetVersion() const;
    /// \brief Add one to the o= session version (a new offer in the same session).
    void IncrementVersion();
    /// \return the o= session id
    uint64_t GetSessionId() const;
    /// \return the payload types of the first m=audio line
    std::vector<int> GetAudioPayloadTypes() const;
    /// \param type a one-letter type
    /// \return the values of every line of that type, in order
    std::vector<std::string> GetLines(char type) const;

private:
    /// One "t=value" line.
    struct Line
    {
        char type;         ///< the type letter
        std::string value; ///< text after '='
    };

    std::vector<Line> m_lines; ///< all lines in order
};

} // namespace sipmob

#endif
