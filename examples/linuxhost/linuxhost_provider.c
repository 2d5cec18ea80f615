/* The provider of linuxhost: written by mofc gen --skeleton from
 * linuxhost.mof, then filled in (the stubs of the CIM parents, which this
 * module does not serve, removed). It serves the machine it runs on, live:
 * every call reads the kernel again (procfs.c), nothing is cached.
 *
 *   Linux_OperatingSystem  one instance: get, enumerate
 *   Linux_Process          one per /proc/PID: get, enumerate
 *   Linux_OSProcess        one per process: get, enumerate; Associators,
 *                          AssociatorNames, References and ReferenceNames
 *                          are the host's defaults computed from enumerate
 *
 * Create, modify, delete and the CIM methods (RequestStateChange, Reboot,
 * Shutdown) are left NULL: the host answers CIM_ERR_NOT_SUPPORTED.
 * Build a module for mofserve (examples/linuxhost/module.mk does the same
 * in the tree):
 *     cc -shared -fPIC -o linuxhost.so linuxhost.c linuxhost_provider.c procfs.c \
 *         $(pkg-config --cflags --libs mofsrv)
 * Results: 0, or non-zero with err set (mofrt_error_set, a CIM status). */
#include "linuxhost.h"
#include "procfs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* What never changes while the module is loaded. */
typedef struct lh_ctx {
    long hz;          /* clock ticks per second (proc(5) times) */
    long page_size;   /* bytes (proc(5) rss) */
} lh_ctx;

/* Key values of the scoping system: there is no Linux_ComputerSystem
 * here, so the computer system is named by the base class, as CIM_Process
 * propagates it from the operating system. */
#define LH_CS_CLASS "CIM_ComputerSystem"

static int nomem(mofrt_error *err)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_NOMEM, "out of memory");
}

static int sys_fault(mofrt_error *err, const char *what)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_PROVIDER, "reading %s: %s", what,
                           strerror(errno));
}

static int not_found(mofrt_error *err, const char *cls)
{
    return mofrt_error_set(err, MOFRT_CIM_ERR_NOT_FOUND, MOFRT_E_PROVIDER, "no such %s on this host", cls);
}

static int set_str(mofrt_f_string *f, const char *s, mofrt_error *err)
{
    char *c = mofrt_strdup(s);
    if (!c)
        return nomem(err);
    MOFRT_SET_VALUE(f, c);
    return 0;
}

/* A set key equal to want (CIM names and host names compare without case). */
static bool key_is(const mofrt_f_string *k, const char *want)
{
    return MOFRT_IS_SET(k) && k->v && strcasecmp(k->v, want) == 0;
}

/* ---- Linux_OperatingSystem ---- */

static int set_os_keys(Linux_OperatingSystem *o, const char *host, mofrt_error *err)
{
    if (set_str(&o->CSCreationClassName, LH_CS_CLASS, err) < 0 || set_str(&o->CSName, host, err) < 0 ||
        set_str(&o->CreationClassName, "Linux_OperatingSystem", err) < 0 || set_str(&o->Name, host, err) < 0)
        return -1;
    return 0;
}

static bool os_keys_ours(const mofrt_f_string *cs_class, const mofrt_f_string *cs_name,
                         const mofrt_f_string *cls, const mofrt_f_string *name, const char *host)
{
    return key_is(cs_class, LH_CS_CLASS) && key_is(cs_name, host) && key_is(cls, "Linux_OperatingSystem") &&
           key_is(name, host);
}

static int fill_os(Linux_OperatingSystem *o, mofrt_error *err)
{
    lh_os os;
    if (lh_read_os(&os) < 0)
        return sys_fault(err, "/proc (operating system)");
    if (set_os_keys(o, os.host, err) < 0)
        return -1;
    char name[200];
    snprintf(name, sizeof name, "%s %s", os.sysname, os.release);
    if (set_str(&o->Caption, name, err) < 0 || set_str(&o->ElementName, name, err) < 0 ||
        set_str(&o->Version, os.release, err) < 0 || set_str(&o->Description, os.version, err) < 0)
        return -1;
    uint16_t *status = malloc(sizeof *status);
    if (!status)
        return nomem(err);
    status[0] = CIM_ManagedSystemElement_OperationalStatus_OK;
    o->OperationalStatus.items = status;
    o->OperationalStatus.count = 1;
    o->OperationalStatus.state = MOFRT_SET;
    MOFRT_SET_VALUE(&o->HealthState, CIM_ManagedSystemElement_HealthState_OK);
    MOFRT_SET_VALUE(&o->EnabledState, CIM_EnabledLogicalElement_EnabledState_ENABLED);
    MOFRT_SET_VALUE(&o->OSType, CIM_OperatingSystem_OSType_LINUX);
    MOFRT_SET_VALUE(&o->LastBootUpTime, mofrt_datetime_from_time(os.boot, 0, false));
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    mofrt_datetime local = mofrt_datetime_from_time(now.tv_sec, (uint32_t)(now.tv_nsec / 1000), true);
    MOFRT_SET_VALUE(&o->LocalDateTime, local);
    MOFRT_SET_VALUE(&o->CurrentTimeZone, local.utc_offset);
    MOFRT_SET_VALUE(&o->NumberOfProcesses, os.nprocs);
    MOFRT_SET_VALUE(&o->TotalVisibleMemorySize, os.mem_total_kb);
    MOFRT_SET_VALUE(&o->FreePhysicalMemory, os.mem_free_kb);
    MOFRT_SET_VALUE(&o->TotalSwapSpaceSize, os.swap_total_kb);
    MOFRT_SET_VALUE(&o->SizeStoredInPagingFiles, os.swap_total_kb);
    MOFRT_SET_VALUE(&o->FreeSpaceInPagingFiles, os.swap_free_kb);
    MOFRT_SET_VALUE(&o->TotalVirtualMemorySize, os.mem_total_kb + os.swap_total_kb);
    MOFRT_SET_VALUE(&o->FreeVirtualMemory, os.mem_free_kb + os.swap_free_kb);
    MOFRT_SET_VALUE(&o->Distributed, false);
    return 0;
}

static int Linux_OperatingSystem_get_instance_impl(void *ctx, const mofrt_op *op,
                                                   const Linux_OperatingSystem_keys *keys,
                                                   Linux_OperatingSystem *inst, mofrt_error *err)
{
    (void)ctx;
    (void)op;
    char host[256];
    if (lh_host_name(host, sizeof host) < 0)
        return sys_fault(err, "the host name");
    if (!os_keys_ours(&keys->CSCreationClassName, &keys->CSName, &keys->CreationClassName, &keys->Name, host))
        return not_found(err, "operating system");
    return fill_os(inst, err);
}

static int Linux_OperatingSystem_enumerate_instances_impl(void *ctx, const mofrt_op *op, mofrt_sink *sink,
                                                          mofrt_error *err)
{
    (void)ctx;
    (void)op;
    Linux_OperatingSystem o;
    memset(&o, 0, sizeof o);
    int rc = fill_os(&o, err);
    if (rc == 0)
        rc = Linux_OperatingSystem_post(sink, &o, err);
    Linux_OperatingSystem_clear(&o);
    return rc;
}

static const Linux_OperatingSystem_ops Linux_OperatingSystem_ops_impl = {
    .get_instance = Linux_OperatingSystem_get_instance_impl,
    .enumerate_instances = Linux_OperatingSystem_enumerate_instances_impl,
    /* the kernel is not created, changed or rebooted over CIM here */
    .create_instance = NULL,
    .modify_instance = NULL,
    .delete_instance = NULL,
    .RequestStateChange = NULL,
    .Reboot = NULL,
    .Shutdown = NULL,
};

/* ---- Linux_Process ---- */

static int set_proc_keys(Linux_Process *p, const char *host, uint32_t pid, mofrt_error *err)
{
    char handle[16];
    snprintf(handle, sizeof handle, "%u", (unsigned)pid);
    if (set_str(&p->CSCreationClassName, LH_CS_CLASS, err) < 0 || set_str(&p->CSName, host, err) < 0 ||
        set_str(&p->OSCreationClassName, "Linux_OperatingSystem", err) < 0 || set_str(&p->OSName, host, err) < 0 ||
        set_str(&p->CreationClassName, "Linux_Process", err) < 0 || set_str(&p->Handle, handle, err) < 0)
        return -1;
    return 0;
}

/* The process ID a Linux_Process name gives on this host, or -1. */
static int proc_keys_pid(const Linux_Process_keys *k, const char *host, uint32_t *pid)
{
    if (!key_is(&k->CSCreationClassName, LH_CS_CLASS) || !key_is(&k->CSName, host) ||
        !key_is(&k->OSCreationClassName, "Linux_OperatingSystem") || !key_is(&k->OSName, host) ||
        !key_is(&k->CreationClassName, "Linux_Process") || !MOFRT_IS_SET(&k->Handle))
        return -1;
    return lh_parse_pid(k->Handle.v, pid);
}

/* proc(5) state letters as CIM_Process.ExecutionState: waiting (sleep,
 * disk wait, idle kernel thread) is Blocked; a zombie has Terminated. */
static uint16_t execution_state(char s)
{
    switch (s) {
    case 'R': return CIM_Process_ExecutionState_RUNNING;
    case 'S': case 'D': case 'I': return CIM_Process_ExecutionState_BLOCKED;
    case 'T': case 't': return CIM_Process_ExecutionState_STOPPED;
    case 'Z': case 'X': case 'x': return CIM_Process_ExecutionState_TERMINATED;
    default: return CIM_Process_ExecutionState_UNKNOWN;
    }
}

/* The command line moves from lp to the field (freed by Linux_Process_clear). */
static void move_argv(mofrt_a_string *a, lh_proc *lp)
{
    a->state = MOFRT_SET;
    a->items = lp->argv;
    a->count = lp->argc;
    lp->argv = NULL;
    lp->argc = 0;
}

/* The whole instance of process pid: 1 when it does not exist (any
 * more), 0, or -1 with err. Parameters only when the client wants them. */
static int fill_proc(const lh_ctx *c, const mofrt_op *op, const char *host, time_t boot, uint32_t pid,
                     Linux_Process *p, mofrt_error *err)
{
    lh_proc lp;
    bool argv = mofrt_op_wants(op, "Parameters");
    if (lh_read_proc(pid, argv, &lp) < 0) {
        if (errno == ENOENT || errno == ESRCH)
            return 1;
        return sys_fault(err, "/proc/PID");
    }
    int rc = set_proc_keys(p, host, pid, err);
    if (rc == 0)
        rc = set_str(&p->Name, lp.comm, err);
    if (rc == 0 && argv)
        move_argv(&p->Parameters, &lp);
    lh_proc_clear(&lp);
    if (rc < 0)
        return -1;
    MOFRT_SET_VALUE(&p->ParentProcessID, lp.ppid);
    MOFRT_SET_VALUE(&p->Priority, lp.priority < 0 ? 0u : (uint32_t)lp.priority);   /* real-time: most favoured */
    MOFRT_SET_VALUE(&p->ExecutionState, execution_state(lp.state));
    MOFRT_SET_VALUE(&p->KernelModeTime, lp.stime_ticks * 1000u / (uint64_t)c->hz);
    MOFRT_SET_VALUE(&p->UserModeTime, lp.utime_ticks * 1000u / (uint64_t)c->hz);
    MOFRT_SET_VALUE(&p->WorkingSetSize, lp.rss_pages * (uint64_t)c->page_size);
    uint64_t since = lp.start_ticks / (uint64_t)c->hz, frac = lp.start_ticks % (uint64_t)c->hz;
    MOFRT_SET_VALUE(&p->CreationDate,
                    mofrt_datetime_from_time(boot + (time_t)since, (uint32_t)(frac * 1000000u / (uint64_t)c->hz),
                                             false));
    MOFRT_SET_VALUE(&p->EnabledState, CIM_EnabledLogicalElement_EnabledState_ENABLED);
    return 0;
}

static int Linux_Process_get_instance_impl(void *ctx, const mofrt_op *op, const Linux_Process_keys *keys,
                                           Linux_Process *inst, mofrt_error *err)
{
    char host[256];
    time_t boot;
    uint32_t pid;
    if (lh_host_name(host, sizeof host) < 0 || lh_boot_time(&boot) < 0)
        return sys_fault(err, "/proc (host)");
    if (proc_keys_pid(keys, host, &pid) < 0)
        return not_found(err, "process");
    int rc = fill_proc(ctx, op, host, boot, pid, inst, err);
    return rc > 0 ? not_found(err, "process") : rc;
}

typedef struct proc_walk {
    const lh_ctx *c;
    const mofrt_op *op;
    mofrt_sink *sink;
    mofrt_error *err;
    const char *host;
    time_t boot;
    const mofrt_path *os;    /* Linux_OSProcess: the GroupComponent; NULL for Linux_Process */
} proc_walk;

static int post_process(void *arg, uint32_t pid)
{
    proc_walk *w = arg;
    Linux_Process p;
    memset(&p, 0, sizeof p);
    int rc;
    if (w->op->names_only)   /* the keys are all a name needs: no /proc/PID read */
        rc = set_proc_keys(&p, w->host, pid, w->err);
    else
        rc = fill_proc(w->c, w->op, w->host, w->boot, pid, &p, w->err);
    if (rc == 0)
        rc = Linux_Process_post(w->sink, &p, w->err);
    Linux_Process_clear(&p);
    return rc < 0 ? -1 : 0;   /* a process gone meanwhile (1) is skipped */
}

static int walk_init(proc_walk *w, const lh_ctx *c, const mofrt_op *op, mofrt_sink *sink, char *host,
                     size_t hostsz, mofrt_error *err)
{
    *w = (proc_walk){ c, op, sink, err, host, 0, NULL };
    if (lh_host_name(host, hostsz) < 0 || lh_boot_time(&w->boot) < 0)
        return sys_fault(err, "/proc (host)");
    return 0;
}

static int walk_run(proc_walk *w, int (*fn)(void *, uint32_t))
{
    errno = 0;
    int rc = lh_each_pid(fn, w);
    if (rc < 0 && w->err->code == MOFRT_CIM_OK)
        return sys_fault(w->err, "/proc");
    return rc;
}

static int Linux_Process_enumerate_instances_impl(void *ctx, const mofrt_op *op, mofrt_sink *sink,
                                                  mofrt_error *err)
{
    char host[256];
    proc_walk w;
    if (walk_init(&w, ctx, op, sink, host, sizeof host, err) < 0)
        return -1;
    return walk_run(&w, post_process);
}

static const Linux_Process_ops Linux_Process_ops_impl = {
    .get_instance = Linux_Process_get_instance_impl,
    .enumerate_instances = Linux_Process_enumerate_instances_impl,
    /* processes are not started, changed or killed over CIM here */
    .create_instance = NULL,
    .modify_instance = NULL,
    .delete_instance = NULL,
    .RequestStateChange = NULL,
};

/* ---- Linux_OSProcess ---- */

/* The object path of this host's operating system (*out malloc'd). */
static int os_path(const char *host, const char *ns, mofrt_path **out, mofrt_error *err)
{
    Linux_OperatingSystem o;
    memset(&o, 0, sizeof o);
    int rc = set_os_keys(&o, host, err);
    if (rc == 0)
        rc = Linux_OperatingSystem_path(&o, ns, out, err);
    Linux_OperatingSystem_clear(&o);
    return rc;
}

static int proc_path(const char *host, uint32_t pid, const char *ns, mofrt_path **out, mofrt_error *err)
{
    Linux_Process p;
    memset(&p, 0, sizeof p);
    int rc = set_proc_keys(&p, host, pid, err);
    if (rc == 0)
        rc = Linux_Process_path(&p, ns, out, err);
    Linux_Process_clear(&p);
    return rc;
}

/* inst = the association of the OS (path os, copied) and process pid. */
static int fill_os_process(const mofrt_path *os, const char *host, uint32_t pid, const char *ns,
                           Linux_OSProcess *inst, mofrt_error *err)
{
    mofrt_path *g = mofrt_path_copy(os), *part = NULL;
    if (!g)
        return nomem(err);
    MOFRT_SET_VALUE(&inst->GroupComponent, g);
    if (proc_path(host, pid, ns, &part, err) < 0)
        return -1;
    MOFRT_SET_VALUE(&inst->PartComponent, part);
    return 0;
}

static int post_os_process(void *arg, uint32_t pid)
{
    proc_walk *w = arg;
    Linux_OSProcess a;
    memset(&a, 0, sizeof a);
    int rc = fill_os_process(w->os, w->host, pid, w->op->ns, &a, w->err);
    if (rc == 0)
        rc = Linux_OSProcess_post(w->sink, &a, w->err);
    Linux_OSProcess_clear(&a);
    return rc;
}

/* A reference key naming class cls (or a subclass the name does not say:
 * only ours exist here). */
static bool ref_of_class(const mofrt_f_ref *r, const char *cls)
{
    return MOFRT_IS_SET(r) && r->v && r->v->class_name && strcasecmp(r->v->class_name, cls) == 0;
}

static int Linux_OSProcess_get_instance_impl(void *ctx, const mofrt_op *op, const Linux_OSProcess_keys *keys,
                                             Linux_OSProcess *inst, mofrt_error *err)
{
    (void)ctx;
    char host[256];
    if (lh_host_name(host, sizeof host) < 0)
        return sys_fault(err, "the host name");
    if (!ref_of_class(&keys->GroupComponent, "Linux_OperatingSystem") ||
        !ref_of_class(&keys->PartComponent, "Linux_Process"))
        return not_found(err, "Linux_OSProcess");
    Linux_OperatingSystem_keys ok;
    Linux_Process_keys pk;
    uint32_t pid = 0;
    bool ours = false;
    if (Linux_OperatingSystem_keys_from_path(&ok, keys->GroupComponent.v, err) == 0) {
        ours = os_keys_ours(&ok.CSCreationClassName, &ok.CSName, &ok.CreationClassName, &ok.Name, host);
        Linux_OperatingSystem_keys_clear(&ok);
    }
    if (ours && Linux_Process_keys_from_path(&pk, keys->PartComponent.v, err) == 0) {
        ours = proc_keys_pid(&pk, host, &pid) == 0;
        Linux_Process_keys_clear(&pk);
    } else {
        ours = false;
    }
    lh_proc lp;
    if (!ours || lh_read_proc(pid, 0, &lp) < 0)   /* the process must still exist */
        return not_found(err, "Linux_OSProcess");
    mofrt_error_clear(err);
    mofrt_path *os = NULL;
    if (os_path(host, op->ns, &os, err) < 0)
        return -1;
    int rc = fill_os_process(os, host, pid, op->ns, inst, err);
    mofrt_path_free(os);
    return rc;
}

static int Linux_OSProcess_enumerate_instances_impl(void *ctx, const mofrt_op *op, mofrt_sink *sink,
                                                    mofrt_error *err)
{
    char host[256];
    proc_walk w;
    if (walk_init(&w, ctx, op, sink, host, sizeof host, err) < 0)
        return -1;
    mofrt_path *os = NULL;
    if (os_path(host, op->ns, &os, err) < 0)
        return -1;
    w.os = os;
    int rc = walk_run(&w, post_os_process);
    mofrt_path_free(os);
    return rc;
}

static const Linux_OSProcess_ops Linux_OSProcess_ops_impl = {
    .get_instance = Linux_OSProcess_get_instance_impl,
    .enumerate_instances = Linux_OSProcess_enumerate_instances_impl,
    .create_instance = NULL,
    .modify_instance = NULL,
    .delete_instance = NULL,
    /* NULL: the host computes Associators, AssociatorNames, References and
     * ReferenceNames from enumerate_instances. */
    .associators = NULL,
    .references = NULL,
};

/* Called once before any other call; *ctx is then passed to every call. */
static int linuxhost_load(const mofrt_host *host, void **ctx, mofrt_error *err)
{
    (void)host;
    lh_ctx *c = malloc(sizeof *c);
    if (!c)
        return nomem(err);
    c->hz = sysconf(_SC_CLK_TCK);
    c->page_size = sysconf(_SC_PAGESIZE);
    if (c->hz <= 0 || c->page_size <= 0) {
        free(c);
        return mofrt_error_set(err, MOFRT_CIM_ERR_FAILED, MOFRT_E_PROVIDER, "sysconf: no clock tick or page size");
    }
    *ctx = c;
    return 0;
}

/* Called once after the last call. */
static void linuxhost_unload(void *ctx)
{
    free(ctx);
}

/* The classes this module serves; their CIM parents are the schema's
 * (metadata only: instances of a parent class come from these). */
static const mofrt_class_provider linuxhost_providers[] = {
    Linux_OperatingSystem_PROVIDER(&Linux_OperatingSystem_ops_impl),
    Linux_Process_PROVIDER(&Linux_Process_ops_impl),
    Linux_OSProcess_PROVIDER(&Linux_OSProcess_ops_impl),
};

/* The module's entry point: the host loads the shared object and calls it. */
const mofrt_module *mofrt_module_main(void);
const mofrt_module *mofrt_module_main(void)
{
    return linuxhost_module(linuxhost_providers, sizeof linuxhost_providers / sizeof linuxhost_providers[0],
                            linuxhost_load, linuxhost_unload);
}
