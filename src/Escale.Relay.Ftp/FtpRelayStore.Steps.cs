using System.Collections.Concurrent;
using Escale.Core.Paths;
using Escale.Relay.Ftp.Client;
using Escale.Relay.Ftp.Listing;
using Microsoft.Extensions.Logging;

namespace Escale.Relay.Ftp;

/// <summary>The steps the operations are made of, each on a connection the caller already holds.</summary>
public sealed partial class FtpRelayStore
{
    // Temporary uploads that could not be removed because their connection broke; the next write removes them.
    private readonly ConcurrentQueue<RelayPath> _orphans = new();

    private async Task<RelayEntry?> StatAsync(FtpConnection c, RelayPath path, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return new RelayEntry("", RelayEntryKind.Directory, 0, null);
        }

        var abs = Abs(path);
        if (Features.Mlsd)
        {
            var mlst = await c.CommandAsync("MLST " + abs, cancellationToken);
            if (mlst.Code == 250 && MlsxParser.FactLine(mlst.Text) is { } facts)
            {
                return MlsxParser.Parse(facts, path.Name);
            }

            return mlst.Code == 550 ? null : throw FtpErrors.ForReply(mlst, "MLST " + path, FtpOperation.Other, c.Options.Endpoint);
        }

        var size = await c.CommandAsync("SIZE " + abs, cancellationToken);
        if (size.Code == 213 && long.TryParse(size.Text.Trim(), out var bytes))
        {
            var mdtm = await c.CommandAsync("MDTM " + abs, cancellationToken);
            var modified = mdtm.Code == 213 ? MlsxParser.ParseTime(mdtm.Text) : null;
            return new RelayEntry(path.Name, RelayEntryKind.File, bytes, modified);
        }

        if (size.Code != 550)
        {
            throw FtpErrors.ForReply(size, "SIZE " + path, FtpOperation.Other, c.Options.Endpoint);
        }

        // SIZE answers 550 for directories too (vsftpd, and RFC 3659 allows it).
        return await IsDirectoryAsync(c, abs, cancellationToken) ? new RelayEntry(path.Name, RelayEntryKind.Directory, 0, null) : null;
    }

    private async Task UploadAsync(FtpConnection c, string verb, RelayPath path, Stream content, CancellationToken cancellationToken)
    {
        while (_orphans.TryDequeue(out var orphan))
        {
            try
            {
                await DeleteAsync(c, orphan, cancellationToken);
            }
            catch (RelayException e) when (e.Kind != RelayErrorKind.Transient)
            {
                _logger.LogDebug("ftp: temporary upload {Temp} not removed: {Message}", orphan, e.Message);
            }
        }

        var refused = await TryUploadAsync(c, verb, path, content, cancellationToken);
        // Most likely a missing parent (553 vsftpd, 550 proftpd, 451/553 Pure-FTPd): create it and try once more.
        if (refused is { } r && r.Code is not (552 or 452 or 532 or 530 or 421 or 425 or 426) && !path.Parent.IsRoot)
        {
            await MakeDirectoriesAsync(c, Abs(path.Parent), cancellationToken);
            refused = await TryUploadAsync(c, verb, path, content, cancellationToken);
        }

        if (refused is { } final)
        {
            throw FtpErrors.ForReply(final, verb + " " + path, FtpOperation.Write, c.Options.Endpoint);
        }
    }

    /// <summary>Sends the content; returns the refusal when the server would not start, throws on a failure mid-way.</summary>
    private async Task<FtpReply?> TryUploadAsync(FtpConnection c, string verb, RelayPath path, Stream content, CancellationToken cancellationToken)
    {
        var (data, reply) = await c.StartTransferAsync(verb + " " + Abs(path), 0, cancellationToken);
        if (data is null)
        {
            return reply;
        }

        FtpReply end;
        await using (data)
        {
            try
            {
                await content.CopyToAsync(data, CopyBuffer, cancellationToken);
                end = await data.FinishAsync(upload: true, cancellationToken);
            }
            catch (RelayException e) when (e.Kind == RelayErrorKind.Transient && !cancellationToken.IsCancellationRequested)
            {
                // The server may have cut the data connection on purpose (disk full, quota): its reply says why.
                throw await ExplainAsync(c, e, verb + " " + path, cancellationToken);
            }
        }

        return end.Code is 226 or 250 ? null : throw FtpErrors.ForReply(end, verb + " " + path, FtpOperation.Write, c.Options.Endpoint);
    }

    private static async Task<RelayException> ExplainAsync(FtpConnection c, RelayException failure, string what, CancellationToken cancellationToken)
    {
        try
        {
            // Briefly: a stalled server would otherwise hold the caller for a second timeout.
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(TimeSpan.FromSeconds(2));
            var reply = await c.ReadReplyAsync("end of transfer", bound.Token);
            var explained = FtpErrors.ForReply(reply, what, FtpOperation.Write, c.Options.Endpoint);
            c.MarkBroken();
            return explained.Kind == RelayErrorKind.QuotaExceeded ? explained : failure;
        }
        catch (Exception e) when (e is RelayException or OperationCanceledException)
        {
            c.MarkBroken();
            return failure;
        }
    }

    /// <summary>RNFR/RNTO, creating the target's parents when the first RNTO is refused.</summary>
    private async Task RenameAsync(FtpConnection c, RelayPath from, RelayPath to, CancellationToken cancellationToken)
    {
        var refused = await TryRenameAsync(c, from, to, cancellationToken);
        if (refused is { Code: not (421 or 530) } && !to.Parent.IsRoot)
        {
            await MakeDirectoriesAsync(c, Abs(to.Parent), cancellationToken);
            refused = await TryRenameAsync(c, from, to, cancellationToken);
        }

        if (refused is { } final)
        {
            throw FtpErrors.ForReply(final, $"RNTO {to}", FtpOperation.Rename, c.Options.Endpoint);
        }
    }

    private async Task<FtpReply?> TryRenameAsync(FtpConnection c, RelayPath from, RelayPath to, CancellationToken cancellationToken)
    {
        var rnfr = await c.CommandAsync("RNFR " + Abs(from), cancellationToken);
        if (rnfr.Code != 350)
        {
            throw rnfr.Code == 550
                ? new RelayException(RelayErrorKind.NotFound, $"{from}: not on the relay ({rnfr.OneLine.Trim()})")
                : FtpErrors.ForReply(rnfr, "RNFR " + from, FtpOperation.Rename, c.Options.Endpoint);
        }

        var rnto = await c.CommandAsync("RNTO " + Abs(to), cancellationToken);
        return rnto.Code == 250 ? null : rnto;
    }

    private async Task DeleteAsync(FtpConnection c, RelayPath path, CancellationToken cancellationToken)
    {
        var dele = await c.CommandAsync("DELE " + Abs(path), cancellationToken);
        if (dele.Code is 250 or 200)
        {
            return;
        }

        // 550 is both "no such file" and "not allowed": only the first is the idempotent success.
        if (dele.Code == 550 && await StatAsync(c, path, cancellationToken) is null)
        {
            return;
        }

        throw FtpErrors.ForReply(dele, "DELE " + path, FtpOperation.Delete, c.Options.Endpoint);
    }

    private async Task MakeDirectoriesAsync(FtpConnection c, string abs, CancellationToken cancellationToken)
    {
        if (abs.Length == 0 || abs == "/")
        {
            return;
        }

        var mkd = await c.CommandAsync("MKD " + abs, cancellationToken);
        if (mkd.Code == 257 || await IsDirectoryAsync(c, abs, cancellationToken))
        {
            return;
        }

        if (mkd.IsTransientNegative)
        {
            throw FtpErrors.ForReply(mkd, "MKD " + abs, FtpOperation.MakeDirectory, c.Options.Endpoint);
        }

        var slash = abs.LastIndexOf('/');
        await MakeDirectoriesAsync(c, slash <= 0 ? "/" : abs[..slash], cancellationToken);
        mkd = await c.CommandAsync("MKD " + abs, cancellationToken);
        if (mkd.Code != 257 && !await IsDirectoryAsync(c, abs, cancellationToken))
        {
            throw FtpErrors.ForReply(mkd, "MKD " + abs, FtpOperation.MakeDirectory, c.Options.Endpoint);
        }
    }

    private static async Task<bool> IsDirectoryAsync(FtpConnection c, string abs, CancellationToken cancellationToken)
    {
        var cwd = await c.CommandAsync("CWD " + abs, cancellationToken);
        return cwd.Code == 250;
    }

    /// <summary>Removes a temporary upload now when the connection still works, else on the next write. Never throws.</summary>
    private async Task ForgetTempAsync(FtpConnection c, RelayPath temp)
    {
        if (!c.IsBroken)
        {
            try
            {
                using var bound = new CancellationTokenSource(c.Options.Timeout);
                await DeleteAsync(c, temp, bound.Token);
                return;
            }
            catch (Exception e) when (e is RelayException or OperationCanceledException)
            {
                _logger.LogDebug("ftp: temporary upload {Temp} not removed yet: {Message}", temp, e.Message);
            }
        }

        _orphans.Enqueue(temp);
    }
}
