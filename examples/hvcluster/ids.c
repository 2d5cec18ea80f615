/* hvclusterd: GUIDs from a splitmix64 stream seeded from /dev/urandom. */
#include "examples/hvcluster/ids.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

void hv_ids_init(hv_ids *ids)
{
    pthread_mutex_init(&ids->mu, NULL);
    uint64_t seed = 0;
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(&seed, sizeof seed, 1, f) != 1) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
    }
    if (f)
        fclose(f);
    ids->state = seed;
}

void hv_ids_destroy(hv_ids *ids)
{
    pthread_mutex_destroy(&ids->mu);
}

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void hv_ids_guid(hv_ids *ids, char out[37])
{
    pthread_mutex_lock(&ids->mu);
    uint64_t a = next(&ids->state), b = next(&ids->state);
    pthread_mutex_unlock(&ids->mu);
    snprintf(out, 37, "%08X-%04X-4%03X-%04X-%012llX", (unsigned)(a >> 32), (unsigned)((a >> 16) & 0xffff),
             (unsigned)(a & 0xfff), (unsigned)(0x8000 | ((b >> 48) & 0x3fff)),
             (unsigned long long)(b & 0xffffffffffffull));
}
