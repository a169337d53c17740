#include "CQPDF.h"
#include <dlfcn.h>

// CQPDF_LIBRARY, the file opened, is defined by Package.swift: libqpdf's soname on the
// machine that builds (libqpdf.so.29 on Debian 12, libqpdf.so.30 on Debian 13).
const char *cqpdf_load(cqpdf_api *api) {
    void *library = dlopen(CQPDF_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return dlerror();
#define CQPDF_SYMBOL(name) \
    if ((*(void **)&api->name = dlsym(library, #name)) == NULL) return dlerror();
    CQPDF_FUNCTIONS(CQPDF_SYMBOL)
#undef CQPDF_SYMBOL
    return NULL;
}
