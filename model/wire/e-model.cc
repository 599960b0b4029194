// SPDX-License-Identifier: GPL-2.0-only
#include "wire/e-model.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace sipmob
{

namespace
{

double
Pow10(double x)
{
    return std::pow(10.0, x);
}

/// Sum of powers in dB: 10 log10(sum 10^(x/10)).
double
PowerSumDb(std::initializer_list<double> levels)
{
    double sum = 0;
    for (double l : levels)
    {
        sum += Pow10(l / 10.0);
    }
    return 10.0 * std::log10(sum);
}

/// Total noise No, G.107 clause 7.2, eqs. 7-4 to 7-8.
double
NoiseNo(const EModelParameters& p)
{
    const double olr = p.slr + p.rlr;
    const double nos = p.ps - p.slr - p.ds - 100 + 0.004 * std::pow(p.ps - olr - p.ds - 14, 2);
    const double pre = p.pr + 10 * std::log10(1 + Pow10((10 - p.lstr) / 10));
    const double nor = p.rlr - 121 + pre + 0.008 * std::pow(pre - 35, 2);
    const double nfo = p.nfor + p.rlr;
    return PowerSumDb({p.nc, nos, nor, nfo});
}

/// Ist, G.107 clause 7.3 eq. 7-13, from STMRo (eq. 7-14).
double
SidetoneImpairment(const EModelParameters& p)
{
    const double stmro =
        -10 * std::log10(Pow10(-p.stmr / 10) + std::exp(-p.t / 4) * Pow10(-p.telr / 10));
    return 12 * std::pow(1 + std::pow((stmro - 13) / 6, 8), 1.0 / 8) -
           28 * std::pow(1 + std::pow((stmro + 1) / 19.4, 35), 1.0 / 35) -
           13 * std::pow(1 + std::pow((stmro - 3) / 33, 13), 1.0 / 13) + 29;
}

/// Iq, G.107 clause 7.3 eqs. 7-15 to 7-19.
double
QuantizingImpairment(const EModelParameters& p, double ro)
{
    const double q = 37 - 15 * std::log10(p.qdu);
    const double g = 1.07 + 0.258 * q + 0.0602 * q * q;
    const double y = (ro - 100) / 15 + 46 / 8.4 - g / 9;
    const double z = 46.0 / 30 - g / 40;
    return 15 * std::log10(1 + Pow10(y) + Pow10(z));
}

/// Idte, G.107 clause 7.4 eqs. 7-22 to 7-25 (with the STMR < 9 dB correction of TERV).
double
TalkerEchoImpairment(const EModelParameters& p, double no, double ist)
{
    const double roe = -1.5 * (no - p.rlr);
    double terv =
        p.telr - 40 * std::log10((1 + p.t / 10) / (1 + p.t / 150)) + 6 * std::exp(-0.3 * p.t * p.t);
    if (p.stmr < 9)
    {
        terv += ist / 2; // TERVs of eq. 7-25 for low sidetone
    }
    const double re = 80 + 2.5 * (terv - 14);
    const double d = roe - re;
    return (d / 2 + std::sqrt(d * d / 4 + 100) - 1) * (1 - std::exp(-p.t));
}

/// Idle, G.107 clause 7.4 eqs. 7-26 and 7-27.
double
ListenerEchoImpairment(const EModelParameters& p, double ro)
{
    const double rle = 10.5 * (p.wepl + 7) * std::pow(p.tr + 1, -0.25);
    const double d = ro - rle;
    return d / 2 + std::sqrt(d * d / 4 + 169);
}

/// Idd, G.107 clause 7.4 eq. 7-28 with the delay sensitivity mT, sT (zero up to mT).
double
AbsoluteDelayImpairment(const EModelParameters& p)
{
    if (p.ta <= p.mT)
    {
        return 0;
    }
    const double x = std::log10(p.ta / p.mT) / std::log10(2.0);
    const double k = 6 * p.sT;
    return 25 *
           (std::pow(1 + std::pow(x, k), 1 / k) - 3 * std::pow(1 + std::pow(x / 3, k), 1 / k) + 2);
}

/// Largest BurstR of G.107 Table 3's permitted range.
constexpr double kMaxBurstR = 8;

/// G.113 (11/2007) Appendix I: Ie from Table I.1, Bpl from Table I.3 (random loss).
const CodecImpairment kCodecs[] = {
    {"G711", 0, 4.3, 20, 0, "G.711 (PCMU/PCMA) without packet-loss concealment; Bpl 4.3"},
    {"G711-PLC", 0, 25.1, 20, 0, "G.711 with the packet-loss concealment of G.711 Appendix I"},
    {"G729A", 11, 19.0, 20, 5, "G.729A with VAD (CS-ACELP 8 kbit/s), 5 ms look-ahead"},
};

std::string
Upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

} // namespace

double
EModel::Mos(double r)
{
    if (r < 0)
    {
        return 1.0;
    }
    if (r > 100)
    {
        return 4.5;
    }
    // The cubic dips below 1 for R < 6.5; the MOS scale starts at 1.
    return std::max(1.0, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6);
}

double
EModel::EffectiveEquipmentImpairment(double ie, double bpl, double ppl, double burstR)
{
    const double b = std::clamp(burstR, 1.0, kMaxBurstR);
    const double loss = std::clamp(ppl, 0.0, 100.0);
    if (loss == 0)
    {
        return ie;
    }
    // Above Table 3's ranges the formula can exceed 95, the impairment of no speech at all.
    return std::min(95.0, ie + (95 - ie) * loss / (loss / b + bpl));
}

double
EModel::BurstRatio(const std::vector<bool>& lost)
{
    const auto lostTotal = static_cast<std::size_t>(std::count(lost.begin(), lost.end(), true));
    if (lostTotal == 0)
    {
        return 1; // no loss: random by convention (Ie,eff does not depend on it)
    }
    if (lostTotal == lost.size())
    {
        return static_cast<double>(lost.size()); // all lost: one burst as long as the sample
    }
    // Transitions counted from each frame to the next (a two-state Markov chain).
    double fromFound = 0;
    double foundToLost = 0;
    double fromLost = 0;
    double lostToFound = 0;
    for (std::size_t i = 0; i + 1 < lost.size(); ++i)
    {
        if (lost[i])
        {
            ++fromLost;
            lostToFound += lost[i + 1] ? 0 : 1;
        }
        else
        {
            ++fromFound;
            foundToLost += lost[i + 1] ? 1 : 0;
        }
    }
    const double p = fromFound > 0 ? foundToLost / fromFound : 0.0;
    // A loss only at the very end has no observed successor: taken as a burst of one.
    const double q = fromLost > 0 ? lostToFound / fromLost : 1.0;
    return std::max(1.0, 1.0 / (p + q));
}

EModelResult
EModel::Compute(const EModelParameters& p)
{
    EModelResult res;
    const double no = NoiseNo(p);
    res.ro = 15 - 1.5 * (p.slr + no); // eq. 7-3
    const double olr = p.slr + p.rlr;
    const double xolr = olr + 0.2 * (64 + no - p.rlr);
    const double iolr = 20 * (std::pow(1 + std::pow(xolr / 8, 8), 1.0 / 8) - xolr / 8);
    const double ist = SidetoneImpairment(p);
    res.is = iolr + ist + QuantizingImpairment(p, res.ro); // eq. 7-9
    res.idd = AbsoluteDelayImpairment(p);
    res.id = TalkerEchoImpairment(p, no, ist) + ListenerEchoImpairment(p, res.ro) + res.idd;
    res.ieEff = EffectiveEquipmentImpairment(p.ie, p.bpl, p.ppl, p.burstR);
    res.r = res.ro - res.is - res.id - res.ieEff + p.a; // eq. 7-1
    res.mos = Mos(res.r);
    return res;
}

std::optional<CodecImpairment>
EModel::LookupCodec(const std::string& name)
{
    std::string key = Upper(name);
    if (key == "PCMU" || key == "PCMA")
    {
        key = "G711";
    }
    for (const auto& c : kCodecs)
    {
        if (c.name == key)
        {
            return c;
        }
    }
    return std::nullopt;
}

std::vector<std::string>
EModel::CodecNames()
{
    std::vector<std::string> names;
    for (const auto& c : kCodecs)
    {
        names.push_back(c.name);
    }
    names.push_back("PCMU");
    names.push_back("PCMA");
    return names;
}

} // namespace sipmob
