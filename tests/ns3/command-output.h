// SPDX-License-Identifier: GPL-2.0-only
// The standard output of a shell command, for tests that read real tools (tshark, sipp).
#ifndef SIPMOB_TESTS_COMMAND_OUTPUT_H
#define SIPMOB_TESTS_COMMAND_OUTPUT_H

#include <cstdio>
#include <string>

namespace sipmobtest
{

/**
 * \param command a shell command line
 * \return everything it wrote on its standard output ("" when it could not be started)
 */
inline std::string
CommandOutput(const std::string& command)
{
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p)
    {
        return out;
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    {
        out.append(buf, n);
    }
    pclose(p);
    return out;
}

} // namespace sipmobtest

#endif
