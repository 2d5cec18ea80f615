/* Fuzz harness: hvclusterd's request handling in process, everything the
 * server does once libmicrohttpd has collected a request: mofsrv_handle()
 * (server/mofsrv_handler.h) = the checks on method, URL and headers,
 * the body size, CIM-XML decoding, CIMMethod/CIMObject against the body,
 * then intrinsic operations or the provider's methods on a real store with
 * durable state.
 *
 * Input framing: an HTTP/1.1 request without the version and without any
 * transfer coding,
 *
 *     METHOD " " URL "\n"
 *     NAME ":" VALUE "\n"        any number of header lines
 *     "\n"
 *     BODY                       the rest, byte for byte
 *
 * A "\r" before "\n" is dropped; spaces and tabs around a VALUE are
 * trimmed; a header line without ':' is ignored; names compare
 * case-insensitively and the first of equal names wins (as
 * MHD_lookup_connection_value). A first line without a space is a METHOD
 * with URL ""; without a blank line the body is empty; a NUL ends the head.
 * At most 64 headers.
 *
 * One input may hold up to 8 requests, separated by a line "--next--"
 * (the bytes "\n--next--\n", which end the body before them), handled in
 * order on the same state: a CreateReferencePoint and then a
 * DestroyReferencePoint of what it made. Identifiers (GUIDs) are the same
 * in every run: the first reference point collection a CreateReferencePoint
 * makes on a fresh state is always
 * CollectionID="57283032-0A18-41C3-AD2B-BCF9B0A23E0A" (HV_FUZZ_VERBOSE=1
 * prints every answer on stderr).
 *
 * The server state is built once (LLVMFuzzerInitialize): the bundled
 * fixture (build/examples/hvcluster/fixture.xml, or $HV_FUZZ_FIXTURE), state
 * files in a fresh folder under /dev/shm (else $TMPDIR or /tmp, removed at
 * exit), --sync (methods work inline), a lock time-out of 10 ms. A request
 * that changed the state (its journal grew, or a snapshot was rewritten)
 * is followed by a fresh state from the fixture, so every input starts
 * from the same state and the store never grows. Bodies over 8 KiB are
 * refused (413), smaller than the server's 1 MiB so that the fuzzer
 * reaches that path. A request with an Authorization header goes to a
 * server that requires HTTP Basic credentials (admin:s3cret), one without
 * to a server that requires none.
 *
 * Invariants, beyond no crash, leak or sanitizer report: the status is in
 * 200..599; a 200 answer is a well-formed XML document without CIMError;
 * any other status has an empty body; CIMError only comes with 400 or 501. */
#include "tests/fuzz/fuzz.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "examples/hvcluster/provider.h"
#include "server/mofsrv_handler.h"

#ifndef HV_FUZZ_FIXTURE
#define HV_FUZZ_FIXTURE "build/examples/hvcluster/fixture.xml"
#endif
#define MAX_HEADERS 64
#define MAX_BODY 8192
#define MAX_REQUESTS 8
#define SEPARATOR "\n--next--\n"
#define IDS_SEED 0x6876636c75737465ull   /* fixed: GUIDs are the same in every run */

typedef struct hdr {
    const char *name, *value;
} hdr;
typedef struct hdrs {
    size_t n;
    hdr h[MAX_HEADERS];
} hdrs;

static struct {
    bool ready;
    char dir[256], state[300], journal[320], authfile[300];
    const char *fixture;
    mofsrv *srv;
    mofsrv_auth auth;
    hv_provider prov;
    ino_t snap_ino;
    mofrt_decoder *dec;
    bool verbose;
} g;

static const char *lookup(void *ctx, const char *name)
{
    const hdrs *hs = ctx;
    for (size_t i = 0; i < hs->n; i++)
        if (strcasecmp(hs->h[i].name, name) == 0)
            return hs->h[i].value;
    return NULL;
}

static void die(const char *what, const char *why)
{
    fprintf(stderr, "fuzz_http: %s: %s\n", what, why);
    exit(2);
}

static ino_t snapshot_ino(void)
{
    struct stat sb;
    return stat(g.state, &sb) == 0 ? sb.st_ino : 0;
}

/* A state from the fixture: the files removed, store, persistence and
 * provider started. */
static void state_open(void)
{
    mofrt_error err;
    unlink(g.state);
    unlink(g.journal);
    g.srv = mofsrv_new("root/HyperVCluster/v2", &err);
    if (!g.srv || mofsrv_load_schema(g.srv, g.fixture, &err) < 0)
        die(g.fixture, err.message);
    if (mofsrv_open_store(g.srv, g.state, &err) < 0)
        die("state", err.message);
    hv_provider_cfg cfg = { "root/HyperVCluster/v2", true, 10, 1 };
    if (hv_provider_start(&g.prov, &cfg, g.srv, &err) < 0 ||
        mofsrv_add_provider(g.srv, &g.prov.methods, &g.prov, &err) < 0 || mofsrv_start(g.srv, &err) < 0)
        die("provider", err.message);
    mofsrv_set_param_fault(g.srv, hv_provider_param_fault, &g.prov);
    g.prov.ids.state = IDS_SEED;
    g.snap_ino = snapshot_ino();
}

static void state_close(void)
{
    hv_provider_stop(&g.prov);
    mofsrv_free(g.srv);
    g.srv = NULL;
}

static bool state_changed(void)
{
    struct stat sb;
    if (stat(g.journal, &sb) == 0 && sb.st_size > 0)
        return true;
    return snapshot_ino() != g.snap_ino;
}

static void teardown(void)
{
    if (!g.ready)
        return;
    g.ready = false;
    state_close();
    mofrt_decoder_free(g.dec);
    mofsrv_auth_free(&g.auth);
    DIR *d = opendir(g.dir);
    if (d) {
        struct dirent *e;
        char p[600];
        while ((e = readdir(d)))
            if (e->d_name[0] != '.') {
                snprintf(p, sizeof p, "%s/%s", g.dir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    rmdir(g.dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (g.ready)
        return 0;
    mofrt_init();
    const char *fixture = getenv("HV_FUZZ_FIXTURE");
    if (!fixture || !*fixture)
        fixture = HV_FUZZ_FIXTURE;
    g.fixture = fixture;
    const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(g.dir, sizeof g.dir, "%s/fuzz_http.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g.dir))
        die(g.dir, "cannot create");
    snprintf(g.state, sizeof g.state, "%s/hv.state", g.dir);
    snprintf(g.journal, sizeof g.journal, "%s/hv.state.journal", g.dir);
    snprintf(g.authfile, sizeof g.authfile, "%s/auth", g.dir);
    FILE *f = fopen(g.authfile, "w");
    if (!f || fputs("admin:s3cret\n", f) < 0 || fclose(f) != 0)
        die(g.authfile, "cannot write");
    mofrt_error err;
    if (mofsrv_auth_load(&g.auth, g.authfile, &err) < 0)
        die(g.authfile, err.message);
    g.dec = mofrt_decoder_new();
    const char *v = getenv("HV_FUZZ_VERBOSE");
    g.verbose = v && *v && strcmp(v, "0") != 0;
    state_open();
    g.ready = true;
    atexit(teardown);
    return 0;
}

/* Splits the head (everything before the blank line) in place. */
static void parse_head(char *head, const char **method, const char **url, hdrs *hs)
{
    *method = "";
    *url = "";
    hs->n = 0;
    bool first = true;
    for (char *line = head, *next; line; line = next, first = false) {
        char *nl = strchr(line, '\n');
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        if (first) {
            char *sp = strchr(line, ' ');
            if (sp) {
                *sp = '\0';
                *url = sp + 1;
            }
            *method = line;
            continue;
        }
        char *colon = strchr(line, ':');
        if (!colon || hs->n == MAX_HEADERS)
            continue;
        *colon = '\0';
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t vl = strlen(v);
        while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            v[--vl] = '\0';
        hs->h[hs->n].name = line;
        hs->h[hs->n].value = v;
        hs->n++;
    }
}

static void check_well_formed(const mofrt_buf *b)
{
    FUZZ_ASSERT(b->data && b->len > 0 && !b->failed);
    xmlDocPtr doc = xmlReadMemory(b->data, (int)b->len, "response.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    FUZZ_ASSERT(doc != NULL);
    xmlFreeDoc(doc);
}

/* One request (in[0..size), framing above) through mofsrv_handle. */
static void one_request(const char *in, size_t size)
{
    /* the head ends at the first blank line ("\n\n" or "\n\r\n") */
    size_t headlen = size, bodyoff = size;
    for (size_t i = 0; i < size; i++) {
        if (in[i] != '\n')
            continue;
        size_t j = i + 1;
        if (j < size && in[j] == '\r')
            j++;
        if (j < size && in[j] == '\n') {
            headlen = i;
            bodyoff = j + 1;
            break;
        }
    }
    char *head = malloc(headlen + 1);
    if (!head)
        return;
    memcpy(head, in, headlen);
    head[headlen] = '\0';
    const char *method, *url;
    hdrs hs;
    parse_head(head, &method, &url, &hs);
    /* the body in its own buffer of exactly its size: overreads are caught */
    size_t blen = size - bodyoff;
    char *body = blen ? malloc(blen) : NULL;
    if (blen && !body) {
        free(head);
        return;
    }
    if (blen)
        memcpy(body, in + bodyoff, blen);

    mofsrv_handler h = { NULL, MAX_BODY, g.srv, true };
    if (lookup(&hs, "Authorization"))
        h.auth = &g.auth;
    mofsrv_headers hd = { lookup, &hs };
    mofsrv_response resp = MOFSRV_RESPONSE_INIT;
    unsigned status = mofsrv_handle(&h, g.dec, method, url, &hd, body, blen, &resp);
    if (g.verbose)
        fprintf(stderr, "%u%s%s\n%s\n", status, resp.cimerror ? " CIMError: " : "",
                resp.cimerror ? resp.cimerror : "", resp.body.data ? resp.body.data : "");
    FUZZ_ASSERT(status == resp.status);
    FUZZ_ASSERT(status >= 200 && status <= 599);
    if (status == 200) {
        FUZZ_ASSERT(resp.cimerror == NULL);
        check_well_formed(&resp.body);
    } else {
        FUZZ_ASSERT(resp.body.len == 0);
        FUZZ_ASSERT(resp.cimerror == NULL || status == 400 || status == 501);
    }
    mofsrv_response_free(&resp);
    free(body);
    free(head);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g.ready)
        LLVMFuzzerInitialize(NULL, NULL);
    const char *in = (const char *)data, *end = in + size;
    const size_t seplen = sizeof SEPARATOR - 1;
    for (int n = 0; n < MAX_REQUESTS && in <= end; n++) {
        const char *sep = NULL;
        for (const char *p = in; n + 1 < MAX_REQUESTS && (size_t)(end - p) >= seplen; p++)
            if (*p == '\n' && memcmp(p, SEPARATOR, seplen) == 0) {
                sep = p;
                break;
            }
        one_request(in, (size_t)((sep ? sep : end) - in));
        if (!sep)
            break;
        in = sep + seplen;
    }
    if (state_changed()) {
        state_close();
        state_open();
    }
    return 0;
}
