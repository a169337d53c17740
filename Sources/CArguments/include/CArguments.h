#ifndef CARGUMENTS_H
#define CARGUMENTS_H

/// The number of arguments the program was started with, its own name included: `argc` as
/// the C library passes it to `main`.
int cargs_count(void);

/// The arguments the program was started with, as the C library passes them to `main`
/// (`argv`, `cargs_count()` of them, then NULL).
char *const *cargs_values(void);

#endif
