using Escale.Vfs;
using Microsoft.AspNetCore.Http;

namespace Escale.WebDavServer;

/// <summary>MKCOL, DELETE, COPY and MOVE: whole subtrees, through the folder's own calls.</summary>
internal sealed partial class DavHandler
{
    private async Task MakeCollectionAsync(HttpContext context, string path, CancellationToken ct)
    {
        if (context.Request.ContentLength > 0 || context.Request.Headers.ContentType.Count > 0)
        {
            await context.Request.Body.CopyToAsync(Stream.Null, ct);
            Fail(context, 415); // we understand no MKCOL body
            return;
        }

        if (path.Length == 0 || Exists(path))
        {
            Fail(context, 405);
            return;
        }

        if (!ParentIsCollection(path))
        {
            Fail(context, 409);
            return;
        }

        var check = CheckWrite(context, path, (path, false));
        if (check != 0)
        {
            Fail(context, check);
            return;
        }

        var made = _folder.MakeDirectory(path, DefaultDirectoryMode);
        context.Response.StatusCode = made == VfsError.Ok ? 201 : made == VfsError.Exists ? 405 : DavStatus.Of(made);
    }

    private Task DeleteAsync(HttpContext context, string path)
    {
        if (path.Length == 0)
        {
            Fail(context, 403); // the mount's root is not ours to delete
            return Task.CompletedTask;
        }

        if (Stat(path, out _) is var stat and not VfsError.Ok)
        {
            Fail(context, DavStatus.Of(stat));
            return Task.CompletedTask;
        }

        var check = CheckWrite(context, path, (path, true));
        if (check != 0)
        {
            Fail(context, check);
            return Task.CompletedTask;
        }

        var removed = RemoveTree(path);
        if (removed == VfsError.Ok)
        {
            _locks.RemoveAtOrBelow(path);
            _dead.Delete(path);
            context.Response.StatusCode = 204;
        }
        else
        {
            Fail(context, DavStatus.Of(removed));
        }

        return Task.CompletedTask;
    }

    private Task CopyMoveAsync(HttpContext context, string from, bool move)
    {
        var destination = context.Request.Headers["Destination"].ToString();
        var to = destination.Length == 0 ? null : DavPath.FromReference(destination, context.Request.Host.Value ?? "");
        if (to is null)
        {
            Fail(context, destination.Length == 0 ? 400 : 502); // another server's URL: not ours to write
            return Task.CompletedTask;
        }

        if (Stat(from, out var source) is var stat and not VfsError.Ok)
        {
            Fail(context, DavStatus.Of(stat));
            return Task.CompletedTask;
        }

        var depth = context.Request.Headers["Depth"].ToString();
        var deep = depth is "" or "infinity" or "Infinity";
        if (to == from || to.Length == 0 || (source.Kind == VfsEntryKind.Directory && DavPath.IsAtOrBelow(to, from)) || (move && !deep && depth != ""))
        {
            Fail(context, to == from || to.Length == 0 ? 403 : 400);
            return Task.CompletedTask;
        }

        if (!ParentIsCollection(to))
        {
            Fail(context, 409);
            return Task.CompletedTask;
        }

        var overwrite = !string.Equals(context.Request.Headers["Overwrite"].ToString(), "F", StringComparison.OrdinalIgnoreCase);
        var existed = Exists(to);
        if (existed && !overwrite)
        {
            Fail(context, 412);
            return Task.CompletedTask;
        }

        var check = move ? CheckWrite(context, from, (from, true), (to, true)) : CheckWrite(context, from, (to, true));
        if (check != 0)
        {
            Fail(context, check);
            return Task.CompletedTask;
        }

        var result = existed ? RemoveTree(to) : VfsError.Ok;
        if (result == VfsError.Ok)
        {
            _locks.RemoveAtOrBelow(to);
            result = move ? _folder.Rename(from, to, VfsRenameFlags.NoReplace) : CopyTree(from, to, source.Kind == VfsEntryKind.Directory, deep);
        }

        if (result != VfsError.Ok)
        {
            Fail(context, DavStatus.Of(result));
            return Task.CompletedTask;
        }

        if (move)
        {
            _locks.RemoveAtOrBelow(from); // locks stay with the URL, which no longer exists
            _dead.Move(from, to);
        }
        else
        {
            _dead.Copy(from, to, deep);
        }

        context.Response.StatusCode = existed ? 204 : 201;
        return Task.CompletedTask;
    }

    /// <summary>Deletes a file, or a folder with everything in it (offers inside are declined one by one).</summary>
    private VfsError RemoveTree(string path)
    {
        if (Stat(path, out var a) is var stat and not VfsError.Ok)
        {
            return stat;
        }

        if (a.Kind != VfsEntryKind.Directory)
        {
            return _folder.Unlink(path);
        }

        if (_folder.ReadDirectory(path, out var entries) is var listed and not VfsError.Ok)
        {
            return listed;
        }

        foreach (var e in entries)
        {
            if (RemoveTree(DavPath.Join(path, e.Name)) is var r and not VfsError.Ok)
            {
                return r;
            }
        }

        return _folder.RemoveDirectory(path);
    }

    private VfsError CopyTree(string from, string to, bool directory, bool deep)
    {
        if (!directory)
        {
            return CopyFile(from, to);
        }

        if (_folder.MakeDirectory(to, DefaultDirectoryMode) is var made and not VfsError.Ok)
        {
            return made;
        }

        if (!deep)
        {
            return VfsError.Ok;
        }

        if (_folder.ReadDirectory(from, out var entries) is var listed and not VfsError.Ok)
        {
            return listed;
        }

        foreach (var e in entries.Where(e => !DavPath.IsUpload(e.Name)))
        {
            var r = CopyTree(DavPath.Join(from, e.Name), DavPath.Join(to, e.Name), e.Attributes.Kind == VfsEntryKind.Directory, deep: true);
            if (r != VfsError.Ok)
            {
                return r;
            }
        }

        return VfsError.Ok;
    }

    /// <summary>Copies through a hidden name, like PUT, so the copy is queued once and only when complete.</summary>
    private VfsError CopyFile(string from, string to)
    {
        if (_folder.Open(from, VfsOpenFlags.Read, out var source, out _) is var opened and not VfsError.Ok)
        {
            return opened;
        }

        var temp = DavPath.Join(DavPath.Parent(to), DavPath.UploadPrefix + Guid.NewGuid().ToString("N"));
        var result = _folder.Create(temp, VfsOpenFlags.ReadWrite | VfsOpenFlags.Exclusive, DefaultFileMode, out var target, out _);
        if (result != VfsError.Ok)
        {
            _folder.Release(source);
            return result;
        }

        var buffer = new byte[CopyBuffer];
        long offset = 0;
        try
        {
            while ((result = _folder.Read(source, buffer, offset, out var n)) == VfsError.Ok && n > 0)
            {
                if ((result = _folder.Write(target, buffer.AsSpan(0, n), offset, out _)) != VfsError.Ok)
                {
                    break;
                }

                offset += n;
            }
        }
        finally
        {
            _folder.Release(source);
            _folder.Release(target);
        }

        result = result == VfsError.Ok ? _folder.Rename(temp, to, VfsRenameFlags.None) : result;
        if (result != VfsError.Ok)
        {
            _folder.Unlink(temp);
        }

        return result;
    }
}
