// Swift's `CommandLine.arguments` on Linux finds `argv` by looking the stack up in
// /proc/self/maps; where /proc is not mounted (a chroot, a build root) it finds none, and an
// empty command line parses as "print the help". glibc calls every function in a program's
// .init_array with `argc`, `argv` and `envp`, before `main`, whatever is mounted: this file
// keeps them from there.
#include "CArguments.h"

static int count;
static char *const *values;

static void keep(int argc, char **argv, char **envp) {
    (void)envp;
    count = argc;
    values = argv;
}

__attribute__((used, section(".init_array"))) static void (*const keep_at_start)(int, char **, char **) = keep;

int cargs_count(void) { return count; }

char *const *cargs_values(void) { return values; }
