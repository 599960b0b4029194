// SPDX-License-Identifier: GPL-2.0-only
#include "wire/rtp-packet.h"

#include <utility>

namespace sipmob
{

namespace
{

void
PutU16(std::vector<uint8_t>& out, uint16_t v)
{
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v));
}

void
PutU32(std::vector<uint8_t>& out, uint32_t v)
{
    PutU16(out, static_cast<uint16_t>(v >> 16));
    PutU16(out, static_cast<uint16_t>(v));
}

uint16_t
GetU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t
GetU32(const uint8_t* p)
{
    return (static_cast<uint32_t>(GetU16(p)) << 16) | GetU16(p + 2);
}

std::optional<RtpPacket>
Fail(std::string* error, const std::string& why)
{
    if (error)
    {
        *error = why;
    }
    return std::nullopt;
}

} // namespace

bool
RtpPacket::GetMarker() const
{
    return m_marker;
}

void
RtpPacket::SetMarker(bool marker)
{
    m_marker = marker;
}

uint8_t
RtpPacket::GetPayloadType() const
{
    return m_payloadType;
}

void
RtpPacket::SetPayloadType(uint8_t pt)
{
    m_payloadType = pt & 0x7f;
}

uint16_t
RtpPacket::GetSequenceNumber() const
{
    return m_sequence;
}

void
RtpPacket::SetSequenceNumber(uint16_t seq)
{
    m_sequence = seq;
}

uint32_t
RtpPacket::GetTimestamp() const
{
    return m_timestamp;
}

void
RtpPacket::SetTimestamp(uint32_t ts)
{
    m_timestamp = ts;
}

uint32_t
RtpPacket::GetSsrc() const
{
    return m_ssrc;
}

void
RtpPacket::SetSsrc(uint32_t ssrc)
{
    m_ssrc = ssrc;
}

const std::vector<uint32_t>&
RtpPacket::GetCsrcs() const
{
    return m_csrcs;
}

bool
RtpPacket::SetCsrcs(const std::vector<uint32_t>& csrcs)
{
    if (csrcs.size() > kMaxCsrc)
    {
        return false;
    }
    m_csrcs = csrcs;
    return true;
}

bool
RtpPacket::HasExtension() const
{
    return m_extension;
}

uint16_t
RtpPacket::GetExtensionProfile() const
{
    return m_extensionProfile;
}

const std::vector<uint8_t>&
RtpPacket::GetExtensionData() const
{
    return m_extensionData;
}

bool
RtpPacket::SetExtension(uint16_t profile, const std::vector<uint8_t>& data)
{
    if (data.size() % 4 != 0 || data.size() / 4 > 0xffff)
    {
        return false;
    }
    m_extension = true;
    m_extensionProfile = profile;
    m_extensionData = data;
    return true;
}

void
RtpPacket::ClearExtension()
{
    m_extension = false;
    m_extensionProfile = 0;
    m_extensionData.clear();
}

uint8_t
RtpPacket::GetPadding() const
{
    return m_padding;
}

void
RtpPacket::SetPadding(uint8_t count)
{
    m_padding = count;
}

const std::vector<uint8_t>&
RtpPacket::GetPayload() const
{
    return m_payload;
}

void
RtpPacket::SetPayload(std::vector<uint8_t> payload)
{
    m_payload = std::move(payload);
}

std::size_t
RtpPacket::GetSerializedSize() const
{
    std::size_t size = kHeaderSize + 4 * m_csrcs.size() + m_payload.size() + m_padding;
    if (m_extension)
    {
        size += 4 + m_extensionData.size();
    }
    return size;
}

std::vector<uint8_t>
RtpPacket::Encode() const
{
    std::vector<uint8_t> out;
    out.reserve(GetSerializedSize());
    uint8_t first = static_cast<uint8_t>(kVersion << 6);
    first |= m_padding > 0 ? 0x20 : 0;
    first |= m_extension ? 0x10 : 0;
    first |= static_cast<uint8_t>(m_csrcs.size());
    out.push_back(first);
    out.push_back(static_cast<uint8_t>((m_marker ? 0x80 : 0) | m_payloadType));
    PutU16(out, m_sequence);
    PutU32(out, m_timestamp);
    PutU32(out, m_ssrc);
    for (uint32_t csrc : m_csrcs)
    {
        PutU32(out, csrc);
    }
    if (m_extension)
    {
        PutU16(out, m_extensionProfile);
        PutU16(out, static_cast<uint16_t>(m_extensionData.size() / 4));
        out.insert(out.end(), m_extensionData.begin(), m_extensionData.end());
    }
    out.insert(out.end(), m_payload.begin(), m_payload.end());
    if (m_padding > 0)
    {
        out.insert(out.end(), m_padding - 1u, 0);
        out.push_back(m_padding);
    }
    return out;
}

std::optional<RtpPacket>
RtpPacket::Decode(const uint8_t* data, std::size_t size, std::string* error)
{
    if (data == nullptr || size < kHeaderSize)
    {
        return Fail(error,
                    "RTP packet too short: " + std::to_string(size) + " bytes, need at least 12");
    }
    const uint8_t version = data[0] >> 6;
    if (version != kVersion)
    {
        return Fail(error, "RTP version " + std::to_string(version) + ", expected 2");
    }
    RtpPacket p;
    p.m_marker = (data[1] & 0x80) != 0;
    p.m_payloadType = data[1] & 0x7f;
    p.m_sequence = GetU16(data + 2);
    p.m_timestamp = GetU32(data + 4);
    p.m_ssrc = GetU32(data + 8);
    std::size_t pos = kHeaderSize;
    const std::size_t cc = data[0] & 0x0f;
    if (size < pos + 4 * cc)
    {
        return Fail(error, "RTP packet truncated in the CSRC list (CC=" + std::to_string(cc) + ")");
    }
    for (std::size_t i = 0; i < cc; ++i, pos += 4)
    {
        p.m_csrcs.push_back(GetU32(data + pos));
    }
    if ((data[0] & 0x10) != 0)
    {
        if (size < pos + 4)
        {
            return Fail(error, "RTP packet truncated in the header extension");
        }
        p.m_extension = true;
        p.m_extensionProfile = GetU16(data + pos);
        const std::size_t words = GetU16(data + pos + 2);
        pos += 4;
        if (size < pos + 4 * words)
        {
            return Fail(error, "RTP header extension of " + std::to_string(words) +
                                   " words exceeds the packet");
        }
        p.m_extensionData.assign(data + pos, data + pos + 4 * words);
        pos += 4 * words;
    }
    std::size_t end = size;
    if ((data[0] & 0x20) != 0)
    {
        const uint8_t pad = data[size - 1];
        if (pad == 0 || pad > size - pos)
        {
            return Fail(error, "RTP padding count " + std::to_string(pad) + " is invalid");
        }
        p.m_padding = pad;
        end -= pad;
    }
    p.m_payload.assign(data + pos, data + end);
    return p;
}

std::optional<RtpPacket>
RtpPacket::Decode(const std::vector<uint8_t>& bytes, std::string* error)
{
    return Decode(bytes.data(), bytes.size(), error);
}

} // namespace sipmob
