// SPDX-License-Identifier: GPL-2.0-only
// The ITU-T G.107 E-model: transmission rating R and the MOS derived from it.
#ifndef SIPMOB_E_MODEL_H
#define SIPMOB_E_MODEL_H

#include <optional>
#include <string>
#include <vector>

namespace sipmob
{

/**
 * Input parameters of the E-model, ITU-T G.107 (06/2015) clause 7; every default is the value of
 * G.107 clause 7.7, Table 3 ("Default values and permitted ranges"). With all defaults,
 * R = 93.2 (G.107 clause 7.7).
 *
 * Units: loudness ratings and losses in dB; noise in dBm0p / dBmp; room noise in dB(A); delays in
 * ms; Ppl in percent. Ie and Bpl are codec properties tabulated in ITU-T G.113 Appendix I
 * (see CodecImpairment).
 */
struct EModelParameters
{
    double slr = 8;    ///< send loudness rating SLR, dB
    double rlr = 2;    ///< receive loudness rating RLR, dB
    double stmr = 15;  ///< sidetone masking rating STMR, dB
    double lstr = 18;  ///< listener sidetone rating LSTR, dB (STMR + Dr)
    double ds = 3;     ///< D-value of the telephone, send side
    double dr = 3;     ///< D-value of the telephone, receive side
    double telr = 65;  ///< talker echo loudness rating TELR, dB
    double wepl = 110; ///< weighted echo path loss WEPL, dB
    double t = 0;      ///< mean one-way delay of the echo path T, ms
    double tr = 0;     ///< round-trip delay in a 4-wire loop Tr, ms
    double ta = 0;     ///< absolute delay in echo-free connections Ta, ms
    double qdu = 1;    ///< number of quantizing distortion units qdu
    double ie = 0;     ///< equipment impairment factor Ie (G.113 Appendix I)
    double bpl = 4.3;  ///< packet-loss robustness factor Bpl (G.113 Appendix I)
    double ppl = 0;    ///< random packet-loss probability Ppl, percent
    double burstR = 1; ///< burst ratio BurstR (1 = random loss)
    double nc = -70;   ///< circuit noise referred to the 0 dBr point Nc, dBm0p
    double nfor = -64; ///< noise floor at the receive side Nfor, dBmp
    double ps = 35;    ///< room noise at the send side Ps, dB(A)
    double pr = 35;    ///< room noise at the receive side Pr, dB(A)
    double a = 0;      ///< advantage factor A
    double mT = 100;   ///< delay sensitivity: minimum perceivable delay mT, ms (clause 7.4)
    double sT = 1;     ///< delay sensitivity sT (clause 7.4)
};

/// The terms of R = Ro - Is - Id - Ie,eff + A (G.107 clause 7.1, eq. 7-1).
struct EModelResult
{
    double ro = 0;    ///< basic signal-to-noise ratio (clause 7.2)
    double is = 0;    ///< simultaneous impairment factor (clause 7.3)
    double id = 0;    ///< delay impairment factor (clause 7.4): Idte + Idle + Idd
    double idd = 0;   ///< its part for the absolute delay Ta
    double ieEff = 0; ///< effective equipment impairment factor (clause 7.5)
    double r = 0;     ///< transmission rating factor R
    double mos = 0;   ///< MOS_CQE estimated from R (Annex B)
};

/**
 * Equipment impairment of a codec, ITU-T G.113 (11/2007) Appendix I: Ie from Table I.1 and Bpl
 * from Table I.3 (random packet loss).
 */
struct CodecImpairment
{
    std::string name;        ///< lookup name, e.g. "G711", "G711-PLC"
    double ie = 0;           ///< equipment impairment factor Ie
    double bpl = 4.3;        ///< packet-loss robustness factor Bpl
    double frameMs = 20;     ///< frame (packetisation) duration the UA uses, ms
    double lookaheadMs = 0;  ///< algorithmic look-ahead of the coder, ms
    std::string description; ///< codec and concealment, with the source row
};

/**
 * The E-model of ITU-T G.107 (06/2015). Pure functions of the parameters; no state.
 */
class EModel
{
public:
    /**
     * Computes every term and R.
     * @param p the parameters (out-of-range values are used as given: the formulas are total)
     * @return the terms, R and the MOS
     */
    static EModelResult Compute(const EModelParameters& p);

    /**
     * MOS_CQE from R, G.107 Annex B (eq. B-4): 1 for R < 0, 4.5 for R > 100, otherwise
     * 1 + 0.035 R + R (R - 60)(100 - R) 7e-6,
     *     never below 1 (the cubic dips to 0.99 for R < 6.5).
     * @param r transmission rating factor
     * @return the MOS, in [1, 4.5]
     */
    static double Mos(double r);

    /**
     * Ie,eff of G.107 clause 7.5 (eq. 7-29): Ie + (95 - Ie) Ppl / (Ppl / BurstR + Bpl).
     * @param ie equipment impairment factor
     * @param bpl packet-loss robustness factor (> 0)
     * @param ppl packet loss, percent [0, 100]
     * @param burstR burst ratio, clamped to G.107 Table 3's permitted range [1, 8]
     * @return Ie,eff, at most 95 (no speech at all; the formula exceeds it outside Table 3's
     *         ranges, e.g. Ppl above 20 %)
     */
    static double EffectiveEquipmentImpairment(double ie, double bpl, double ppl, double burstR);

    /**
     * BurstR of G.107 clause 7.5 for a two-state Markov loss model: 1 / (p + q), where p is the
     * probability that a packet is lost after a received one and q that it is received after a
     * lost one. Estimated from a loss pattern (true = lost) by counting transitions.
     * @param lost per frame in sequence order, true when lost
     * @return BurstR (1 when no packet or no loss; the sample length when every packet was lost;
     *         never below 1)
     */
    static double BurstRatio(const std::vector<bool>& lost);

    /**
     * The codec of a payload name, from the table of G.113 Appendix I.
     * @param name "G711" (PCMU/PCMA, no concealment), "G711-PLC" (with G.711 Appendix I packet
     *        loss concealment), "G729A" (with VAD), "G723.1-6.3", "GSM-EFR"; also "PCMU" and
     *        "PCMA" (= "G711"). Case-insensitive.
     * @return the codec, or empty for an unknown name
     */
    static std::optional<CodecImpairment> LookupCodec(const std::string& name);

    /// @return the names LookupCodec() accepts
    static std::vector<std::string> CodecNames();
};

} // namespace sipmob

#endif
