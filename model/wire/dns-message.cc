// SPDX-License-Identifier: GPL-2.0-only
#include "wire/dns-message.h"

#include <cctype>
#include <map>

namespace sipmob
{

namespace
{

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kMaxLabel = 63;
constexpr std::size_t kMaxName = 255;
constexpr int kMaxPointers = 64;

// ---------------------------------------------------------------- encoding

/// Writes big-endian integers and names, remembering name suffix offsets for compression.
class Writer
{
public:
    Writer(std::vector<uint8_t>& out, bool compress)
        : m_out(out)
        , m_compress(compress)
    {
    }

    void U8(uint8_t v)
    {
        m_out.push_back(v);
    }

    void U16(uint16_t v)
    {
        m_out.push_back(static_cast<uint8_t>(v >> 8));
        m_out.push_back(static_cast<uint8_t>(v & 0xff));
    }

    void U32(uint32_t v)
    {
        U16(static_cast<uint16_t>(v >> 16));
        U16(static_cast<uint16_t>(v & 0xffff));
    }

    std::size_t Size() const
    {
        return m_out.size();
    }

    void Patch16(std::size_t at, uint16_t v)
    {
        m_out[at] = static_cast<uint8_t>(v >> 8);
        m_out[at + 1] = static_cast<uint8_t>(v & 0xff);
    }

    bool Name(const std::string& name, std::string* error)
    {
        std::vector<std::string> labels;
        if (!Split(name, labels, error))
        {
            return false;
        }
        for (std::size_t i = 0; i < labels.size(); ++i)
        {
            std::string suffix = Join(labels, i);
            if (m_compress)
            {
                auto it = m_suffixes.find(suffix);
                if (it != m_suffixes.end())
                {
                    U16(static_cast<uint16_t>(0xc000 | it->second));
                    return true;
                }
                if (m_out.size() < 0x4000)
                {
                    m_suffixes.emplace(suffix, m_out.size());
                }
            }
            U8(static_cast<uint8_t>(labels[i].size()));
            m_out.insert(m_out.end(), labels[i].begin(), labels[i].end());
        }
        U8(0);
        return true;
    }

private:
    static bool Split(const std::string& name, std::vector<std::string>& labels, std::string* error)
    {
        std::string n = name;
        if (!n.empty() && n.back() == '.')
        {
            n.pop_back();
        }
        std::size_t wire = 1;
        std::size_t start = 0;
        while (!n.empty() && start <= n.size())
        {
            std::size_t dot = n.find('.', start);
            std::size_t end = dot == std::string::npos ? n.size() : dot;
            std::size_t len = end - start;
            if (len == 0 || len > kMaxLabel)
            {
                if (error)
                {
                    *error = "invalid label length " + std::to_string(len) + " in '" + name + "'";
                }
                return false;
            }
            labels.push_back(n.substr(start, len));
            wire += len + 1;
            start = end + 1;
            if (dot == std::string::npos)
            {
                break;
            }
        }
        if (wire > kMaxName)
        {
            if (error)
            {
                *error = "name longer than 255 octets: '" + name + "'";
            }
            return false;
        }
        return true;
    }

    static std::string Join(const std::vector<std::string>& labels, std::size_t from)
    {
        std::string s;
        for (std::size_t i = from; i < labels.size(); ++i)
        {
            s += DnsMessage::CanonicalName(labels[i]);
            s += '.';
        }
        return s;
    }

    std::vector<uint8_t>& m_out;
    bool m_compress;
    std::map<std::string, std::size_t> m_suffixes;
};

bool
EncodeRecord(Writer& w, const DnsResourceRecord& rr, std::string* error)
{
    if (!w.Name(rr.name, error))
    {
        return false;
    }
    w.U16(rr.type);
    w.U16(rr.rclass);
    w.U32(rr.ttl);
    std::size_t lenAt = w.Size();
    w.U16(0);
    std::size_t start = w.Size();
    if (rr.type == DNS_TYPE_A)
    {
        w.U32(rr.a);
    }
    else if (rr.type == DNS_TYPE_SRV)
    {
        w.U16(rr.srv.priority);
        w.U16(rr.srv.weight);
        w.U16(rr.srv.port);
        if (!w.Name(rr.srv.target, error))
        {
            return false;
        }
    }
    else
    {
        for (uint8_t b : rr.rdata)
        {
            w.U8(b);
        }
    }
    std::size_t rdlen = w.Size() - start;
    if (rdlen > 0xffff)
    {
        if (error)
        {
            *error = "RDATA longer than 65535 octets";
        }
        return false;
    }
    w.Patch16(lenAt, static_cast<uint16_t>(rdlen));
    return true;
}

// ---------------------------------------------------------------- decoding

/// Bounds-checked reader; every failure records an error and the offset.
class Reader
{
public:
    Reader(const uint8_t* data, std::size_t len, DnsDecodeResult& result)
        : m_data(data)
        , m_len(len)
        , m_result(result)
    {
    }

    bool Fail(DnsDecodeError e, std::size_t at)
    {
        if (m_result.error == DnsDecodeError::None)
        {
            m_result.error = e;
            m_result.offset = at;
        }
        return false;
    }

    bool Has(std::size_t n) const
    {
        return m_pos <= m_len && m_len - m_pos >= n;
    }

    bool U16(uint16_t& v)
    {
        if (!Has(2))
        {
            return Fail(DnsDecodeError::Truncated, m_pos);
        }
        v = static_cast<uint16_t>((m_data[m_pos] << 8) | m_data[m_pos + 1]);
        m_pos += 2;
        return true;
    }

    bool U32(uint32_t& v)
    {
        uint16_t hi = 0;
        uint16_t lo = 0;
        if (!U16(hi) || !U16(lo))
        {
            return false;
        }
        v = (static_cast<uint32_t>(hi) << 16) | lo;
        return true;
    }

    /// Reads a possibly compressed name starting at the current position.
    bool Name(std::string& out)
    {
        out.clear();
        std::size_t pos = m_pos;
        std::size_t wire = 1;
        int jumps = 0;
        bool jumped = false;
        std::size_t limit = pos;
        while (true)
        {
            if (pos >= m_len)
            {
                return Fail(DnsDecodeError::Truncated, pos);
            }
            uint8_t len = m_data[pos];
            if ((len & 0xc0) == 0xc0)
            {
                if (pos + 1 >= m_len)
                {
                    return Fail(DnsDecodeError::Truncated, pos);
                }
                std::size_t target = (static_cast<std::size_t>(len & 0x3f) << 8) | m_data[pos + 1];
                if (++jumps > kMaxPointers)
                {
                    return Fail(DnsDecodeError::PointerLoop, pos);
                }
                if (target >= pos && target != limit)
                {
                    // Only backward pointers are legal (RFC 1035 4.1.4: "prior occurrence").
                    return Fail(DnsDecodeError::PointerOutOfBounds, pos);
                }
                if (target >= limit)
                {
                    // Each pointer must go strictly below the previous one: no cycles possible.
                    return Fail(DnsDecodeError::PointerLoop, pos);
                }
                limit = target;
                if (!jumped)
                {
                    m_pos = pos + 2;
                    jumped = true;
                }
                pos = target;
                continue;
            }
            if ((len & 0xc0) != 0)
            {
                return Fail(DnsDecodeError::ReservedLabelType, pos);
            }
            if (len == 0)
            {
                if (!jumped)
                {
                    m_pos = pos + 1;
                }
                return true;
            }
            wire += len + 1u;
            if (wire > kMaxName)
            {
                return Fail(DnsDecodeError::NameTooLong, pos);
            }
            if (pos + 1 + len > m_len)
            {
                return Fail(DnsDecodeError::Truncated, pos);
            }
            if (!out.empty())
            {
                out += '.';
            }
            for (std::size_t i = 0; i < len; ++i)
            {
                char c = static_cast<char>(m_data[pos + 1 + i]);
                if (c == '.')
                {
                    return Fail(DnsDecodeError::BadLabelChar, pos + 1 + i);
                }
                out += c;
            }
            pos += 1 + len;
        }
    }

    bool Question(DnsQuestion& q)
    {
        return Name(q.name) && U16(q.type) && U16(q.qclass);
    }

    bool Record(DnsResourceRecord& rr)
    {
        uint16_t rdlen = 0;
        if (!Name(rr.name) || !U16(rr.type) || !U16(rr.rclass) || !U32(rr.ttl) || !U16(rdlen))
        {
            return false;
        }
        std::size_t start = m_pos;
        if (!Has(rdlen))
        {
            return Fail(DnsDecodeError::Truncated, start);
        }
        std::size_t end = start + rdlen;
        if (rr.type == DNS_TYPE_A)
        {
            if (rdlen != 4)
            {
                return Fail(DnsDecodeError::BadRdata, start);
            }
            U32(rr.a);
        }
        else if (rr.type == DNS_TYPE_SRV)
        {
            // Read the SRV fields with the buffer limited to this RDATA.
            std::size_t savedLen = m_len;
            m_len = end;
            bool ok = U16(rr.srv.priority) && U16(rr.srv.weight) && U16(rr.srv.port) &&
                      Name(rr.srv.target);
            m_len = savedLen;
            if (!ok)
            {
                m_result.error = m_result.error == DnsDecodeError::Truncated
                                     ? DnsDecodeError::BadRdata
                                     : m_result.error;
                return false;
            }
            if (m_pos != end)
            {
                return Fail(DnsDecodeError::BadRdata, m_pos);
            }
        }
        else
        {
            rr.rdata.assign(m_data + start, m_data + end);
        }
        m_pos = end;
        return true;
    }

    std::size_t m_pos{0}; ///< current offset

private:
    const uint8_t* m_data;
    std::size_t m_len;
    DnsDecodeResult& m_result;
};

} // namespace

const char*
DnsDecodeErrorName(DnsDecodeError error)
{
    switch (error)
    {
    case DnsDecodeError::None:
        return "none";
    case DnsDecodeError::ShortHeader:
        return "short-header";
    case DnsDecodeError::Truncated:
        return "truncated";
    case DnsDecodeError::NameTooLong:
        return "name-too-long";
    case DnsDecodeError::ReservedLabelType:
        return "reserved-label-type";
    case DnsDecodeError::PointerOutOfBounds:
        return "pointer-out-of-bounds";
    case DnsDecodeError::PointerLoop:
        return "pointer-loop";
    case DnsDecodeError::BadLabelChar:
        return "bad-label-char";
    case DnsDecodeError::BadRdata:
        return "bad-rdata";
    }
    return "unknown";
}

std::string
DnsMessage::CanonicalName(const std::string& name)
{
    std::string s = name;
    if (!s.empty() && s.back() == '.')
    {
        s.pop_back();
    }
    for (char& c : s)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

bool
DnsMessage::Encode(std::vector<uint8_t>& out, bool compress, std::string* error) const
{
    out.clear();
    if (questions.size() > 0xffff || answers.size() > 0xffff || authorities.size() > 0xffff ||
        additionals.size() > 0xffff)
    {
        if (error)
        {
            *error = "too many records in a section";
        }
        return false;
    }
    Writer w(out, compress);
    w.U16(id);
    uint16_t flags = static_cast<uint16_t>((qr ? 0x8000 : 0) | ((opcode & 0x0f) << 11) |
                                           (aa ? 0x0400 : 0) | (tc ? 0x0200 : 0) |
                                           (rd ? 0x0100 : 0) | (ra ? 0x0080 : 0) | (rcode & 0x0f));
    w.U16(flags);
    w.U16(static_cast<uint16_t>(questions.size()));
    w.U16(static_cast<uint16_t>(answers.size()));
    w.U16(static_cast<uint16_t>(authorities.size()));
    w.U16(static_cast<uint16_t>(additionals.size()));
    for (const auto& q : questions)
    {
        if (!w.Name(q.name, error))
        {
            out.clear();
            return false;
        }
        w.U16(q.type);
        w.U16(q.qclass);
    }
    for (const auto* section : {&answers, &authorities, &additionals})
    {
        for (const auto& rr : *section)
        {
            if (!EncodeRecord(w, rr, error))
            {
                out.clear();
                return false;
            }
        }
    }
    return true;
}

DnsDecodeResult
DnsMessage::Decode(const uint8_t* data, std::size_t len)
{
    DnsDecodeResult result;
    if (data == nullptr || len < kHeaderSize)
    {
        result.error = DnsDecodeError::ShortHeader;
        result.offset = len;
        return result;
    }
    Reader r(data, len, result);
    DnsMessage& m = result.message;
    uint16_t flags = 0;
    uint16_t counts[4] = {0, 0, 0, 0};
    r.U16(m.id);
    r.U16(flags);
    for (auto& c : counts)
    {
        r.U16(c);
    }
    m.qr = (flags & 0x8000) != 0;
    m.opcode = static_cast<uint8_t>((flags >> 11) & 0x0f);
    m.aa = (flags & 0x0400) != 0;
    m.tc = (flags & 0x0200) != 0;
    m.rd = (flags & 0x0100) != 0;
    m.ra = (flags & 0x0080) != 0;
    m.rcode = static_cast<uint8_t>(flags & 0x0f);
    // Each entry consumes at least one byte, so the loops end at the buffer end at the latest.
    for (uint16_t i = 0; i < counts[0]; ++i)
    {
        DnsQuestion q;
        if (!r.Question(q))
        {
            return result;
        }
        m.questions.push_back(q);
    }
    std::vector<DnsResourceRecord>* sections[3] = {&m.answers, &m.authorities, &m.additionals};
    for (int s = 0; s < 3; ++s)
    {
        for (uint16_t i = 0; i < counts[s + 1]; ++i)
        {
            DnsResourceRecord rr;
            if (!r.Record(rr))
            {
                return result;
            }
            sections[s]->push_back(rr);
        }
    }
    return result;
}

DnsDecodeResult
DnsMessage::Decode(const std::vector<uint8_t>& bytes)
{
    return Decode(bytes.data(), bytes.size());
}

} // namespace sipmob
