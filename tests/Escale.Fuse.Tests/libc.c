/* Prints the libc constants Escale.Core.Interop.Libc takes from Tmds.LibC, as this machine's C
   headers define them, for LibcTests to compare. Built by the test with gcc. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>

#define C(n) printf("%s %ld\n", #n, (long)(n))

int main(void)
{
    C(O_RDONLY); C(O_WRONLY); C(O_CREAT); C(O_EXCL); C(O_APPEND);
    C(O_DIRECTORY); C(O_NOFOLLOW); C(O_CLOEXEC); C(AT_FDCWD); C(MNT_DETACH);
    C(ENOENT); C(EEXIST); C(ENOTDIR); C(ELOOP); C(EINTR); C(ENOSYS); C(EINVAL);
    C(SIGINT); C(SIGTERM);
    return 0;
}
