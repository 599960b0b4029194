// SPDX-License-Identifier: GPL-2.0-only
// RoamingDhcpClient's retransmission delays are randomized as RFC 2131 §4.1 asks (uniform
// -1..+1 s, capped at half the delay), so clients that lost their link together do not
// retransmit together (trial finding 4); and the jitter's stream is taken from no shared
// sequence, so adding it shifted no other random variable.
#include "access/roaming-dhcp-client.h"
#include "csma-lan.h"

#include "ns3/core-module.h"
#include "ns3/dhcp-header.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

using namespace ns3;

namespace
{

/// Three clients on one LAN without a DHCP server, all started at 1 s: they retransmit their
/// DISCOVERs for ever (RTRS 1 s, backoff 2, MaxRTRS 8 s).
struct LockstepClients
{
    NodeContainer nodes;
    std::vector<Ptr<RoamingDhcpClient>> clients;
    std::map<uint32_t, std::vector<Time>> discovers; ///< per client index

    explicit LockstepClients(Time jitter)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        CsmaLan lan = BuildCsmaLan(nodes, 3);
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            Ptr<RoamingDhcpClient> c = CreateObject<RoamingDhcpClient>();
            c->SetAttribute("Jitter", TimeValue(jitter));
            c->SetDevice(lan.devices.Get(i));
            nodes.Get(i)->AddApplication(c);
            c->SetStartTime(Seconds(1));
            c->TraceConnectWithoutContext("Tx", MakeBoundCallback(&LockstepClients::OnTx, this, i));
            clients.push_back(c);
        }
    }

    ~LockstepClients()
    {
        Simulator::Destroy();
    }

    static void OnTx(LockstepClients* self, uint32_t i, uint8_t type, uint32_t /* xid */)
    {
        if (type == DhcpHeader::DHCPDISCOVER)
        {
            self->discovers[i].push_back(Simulator::Now());
        }
    }
};

TEST(DhcpRetransmissionJitter, LockstepClientsSpreadOutWithinTheRfcBounds)
{
    LockstepClients l(Seconds(1));
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    // Nominal delays 1, 2, 4, 8, 8 s; each randomized by at most min(1 s, half of it).
    const std::vector<double> nominal = {1, 2, 4, 8, 8};
    std::vector<Time> second;
    for (uint32_t i = 0; i < 3; ++i)
    {
        const auto& d = l.discovers[i];
        ASSERT_GE(d.size(), nominal.size() + 1) << "client " << i;
        EXPECT_EQ(d[0], Seconds(1)) << "client " << i; // the first DISCOVER is not delayed
        for (size_t k = 0; k < nominal.size(); ++k)
        {
            double gap = (d[k + 1] - d[k]).GetSeconds();
            double bound = std::min(1.0, nominal[k] / 2);
            EXPECT_GE(gap, nominal[k] - bound) << "client " << i << " retransmission " << k;
            EXPECT_LE(gap, nominal[k] + bound) << "client " << i << " retransmission " << k;
        }
        second.push_back(d[1]);
    }
    // Three independent draws: no two clients retransmit at the same instant.
    EXPECT_NE(second[0], second[1]);
    EXPECT_NE(second[0], second[2]);
    EXPECT_NE(second[1], second[2]);
}

TEST(DhcpRetransmissionJitter, ZeroJitterKeepsTheExactBackoff)
{
    LockstepClients l(Seconds(0));
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    const std::vector<double> at = {1, 2, 4, 8, 16, 24};
    for (uint32_t i = 0; i < 3; ++i)
    {
        ASSERT_GE(l.discovers[i].size(), at.size());
        for (size_t k = 0; k < at.size(); ++k)
        {
            EXPECT_EQ(l.discovers[i][k], Seconds(at[k])) << "client " << i << " DISCOVER " << k;
        }
    }
}

TEST(DhcpRetransmissionJitter, TheJitterTakesNoStreamFromNs3sAutomaticSequence)
{
    // A client takes one automatic stream (its transaction ids), as before the jitter existed,
    // so the streams of every variable created after it stay what they were.
    const uint64_t before = RngSeedManager::GetNextStreamIndex();
    Ptr<RoamingDhcpClient> client = CreateObject<RoamingDhcpClient>();
    const uint64_t after = RngSeedManager::GetNextStreamIndex();
    EXPECT_EQ(after - before, 2u); // the client's one, and this call's own
    // AssignStreams fixes both of its variables.
    EXPECT_EQ(client->AssignStreams(500), 2);
    Simulator::Destroy();
}

} // namespace
