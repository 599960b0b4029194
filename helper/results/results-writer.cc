// SPDX-License-Identifier: GPL-2.0-only
#include "results/results-writer.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

namespace
{

/// @return the first 16 hex digits of the SHA-256 of @p s
std::string
ShortHash(const std::string& s)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(s.data(), s.size(), digest, &length, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length && out.size() < 16; ++i)
    {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

/// @return the absolute form of @p path (as given when it cannot be resolved)
std::string
Absolute(const std::string& path)
{
    if (!path.empty() && path[0] == '/')
    {
        return path;
    }
    char cwd[PATH_MAX];
    return getcwd(cwd, sizeof(cwd)) ? std::string(cwd) + "/" + path : path;
}

/// Writes the run into a new side file in @p dir; @return its path, or "" (reason in @p error)
std::string
WriteSideFile(const std::string& dir, const RunInfo& info, const RunResults& results,
              const PrepareDatabase& prepare, std::string& error)
{
    if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
    {
        error = dir + ": cannot create the directory";
        return "";
    }
    const std::string path = dir + "/" + ShortHash(ResultsDatabase::ConfigKey(info)) + "-" +
                             std::to_string(getpid()) + ".db";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    {
        std::remove((path + suffix).c_str());
    }
    try
    {
        ResultsDatabase side(path);
        if (prepare)
        {
            prepare(side);
        }
        side.WriteRun(info, results);
        side.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        return path;
    }
    catch (const std::exception& e)
    {
        error = e.what();
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        {
            std::remove((path + suffix).c_str());
        }
        return "";
    }
}

/// @return the *.db files of @p dir, full paths
std::vector<std::string>
DbFilesIn(const std::string& dir)
{
    std::vector<std::string> files;
    DIR* d = opendir(dir.c_str());
    if (!d)
    {
        return files;
    }
    while (const dirent* e = readdir(d))
    {
        const std::string name = e->d_name;
        if (name.size() > 3 && name.compare(name.size() - 3, 3, ".db") == 0)
        {
            files.push_back(dir + "/" + name);
        }
    }
    closedir(d);
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

std::string
PendingDirectory(const std::string& dbPath)
{
    return dbPath + ".pending";
}

std::string
FallbackPendingDirectory(const std::string& dbPath)
{
    const char* tmp = std::getenv("TMPDIR");
    const std::string base = (tmp && *tmp) ? tmp : "/tmp";
    return base + "/sipmob-pending-" + ShortHash(Absolute(dbPath));
}

WriteOutcome
WriteRunOrKeep(const std::string& dbPath, const RunInfo& info, const RunResults& results,
               const PrepareDatabase& prepare)
{
    WriteOutcome out;
    try
    {
        ResultsDatabase::CheckRecords(results);
    }
    catch (const RecordInvariantError& e)
    {
        // A side file would hold the same wrong row: refuse loudly instead (exit status 4).
        out.where = WriteOutcome::Where::Lost;
        out.error = std::string("invalid records: ") + e.what();
        return out;
    }
    try
    {
        ResultsDatabase db(dbPath);
        if (prepare)
        {
            prepare(db);
        }
        db.WriteRun(info, results);
        return out;
    }
    catch (const std::exception& e)
    {
        out.error = e.what();
    }
    std::string sideError;
    for (const std::string& dir : {PendingDirectory(dbPath), FallbackPendingDirectory(dbPath)})
    {
        out.sidePath = WriteSideFile(dir, info, results, prepare, sideError);
        if (!out.sidePath.empty())
        {
            out.where = WriteOutcome::Where::SideFile;
            return out;
        }
    }
    out.where = WriteOutcome::Where::Lost;
    out.error += " (no side file either: " + sideError + ")";
    return out;
}

std::vector<std::string>
PendingSideFiles(const std::string& dbPath)
{
    std::vector<std::string> files = DbFilesIn(PendingDirectory(dbPath));
    for (const auto& f : DbFilesIn(FallbackPendingDirectory(dbPath)))
    {
        files.push_back(f);
    }
    return files;
}

MergeSummary
MergePendingSideFiles(ResultsDatabase& db)
{
    MergeSummary summary;
    for (const auto& file : PendingSideFiles(db.Path()))
    {
        try
        {
            summary.runs += db.MergeFrom(file);
            ++summary.files;
            for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            {
                std::remove((file + suffix).c_str());
            }
        }
        catch (const std::exception& e)
        {
            summary.errors.push_back(file + ": " + e.what());
        }
    }
    for (const auto& dir : {PendingDirectory(db.Path()), FallbackPendingDirectory(db.Path())})
    {
        rmdir(dir.c_str()); // only when empty
    }
    return summary;
}

} // namespace ns3
