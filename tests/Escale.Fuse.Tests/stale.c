/* A minimal FUSE server without auto_unmount: the test kills it with SIGKILL to leave a dead
   ("Transport endpoint is not connected") mount behind, which FuseHost.Mount must clean. */
#define FUSE_USE_VERSION 314
#define _FILE_OFFSET_BITS 64
#include <fuse.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static int getattr_root(const char *path, struct stat *st, struct fuse_file_info *fi)
{
    (void)fi;
    memset(st, 0, sizeof *st);
    if (strcmp(path, "/") != 0) return -ENOENT;
    st->st_mode = S_IFDIR | 0755;
    st->st_nlink = 2;
    return 0;
}

static const struct fuse_operations ops = { .getattr = getattr_root };

int main(int argc, char *argv[]) { return fuse_main(argc, argv, &ops, NULL); }
