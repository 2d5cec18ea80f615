/* libmofsrv: loading provider modules (shared objects exporting
 * mofrt_module_main, see runtime/mofrt_provider.h). */
#include "server/mofsrv_ops.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int mofsrv_load_module(mofsrv *s, const char *so_path, mofrt_error *err)
{
    /* dlopen searches a name without '/' as a library name (LD_LIBRARY_PATH,
     * the cache, /lib...), never the current folder: a file of that name
     * here is what is meant, so it is loaded as ./NAME */
    char here[4096];
    bool bare = !strchr(so_path, '/');
    const char *path = so_path;
    if (bare && access(so_path, F_OK) == 0 && strlen(so_path) + 3 <= sizeof here) {
        snprintf(here, sizeof here, "./%s", so_path);
        path = here;
    }
    /* RTLD_LOCAL: modules export the same symbol and never see each
     * other's; RTLD_NOW: an unresolved symbol fails here, not mid-request */
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
        const char *why = dlerror();
        if (bare && path == so_path)
            return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                                   "cannot load %.200s: no such file here, and as a library name (searched in the "
                                   "system's library path): %.200s; give a path, e.g. ./%.200s",
                                   so_path, why ? why : "dlopen failed", so_path);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE, "cannot load %.200s: %.200s", so_path,
                               why ? why : "dlopen failed");
    }
    mofrt_module_main_fn entry;
    void *sym = dlsym(dl, MOFRT_MODULE_MAIN);
    /* POSIX dlsym returns an object pointer; the copy makes it a function
     * pointer without a cast between the two kinds (ISO C forbids it) */
    memcpy(&entry, &sym, sizeof entry);
    if (!sym) {
        dlclose(dl);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_USAGE,
                               "%.200s is not a provider module (no %s)", so_path, MOFRT_MODULE_MAIN);
    }
    const mofrt_module *m = entry();
    if (mofsrv_add_module(s, m, err) < 0) {
        mofrt_error_prefix(err, so_path);
        dlclose(dl);
        return -1;
    }
    s->mods[s->nmods - 1].dl = dl;
    return 0;
}

void mofsrv_module_close(void *dl)
{
    if (dl)
        dlclose(dl);
}
